package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernels' CUDA C, compiled as host C++ with each block's threads run as coroutines (tools/cuda/emulate), gives the
 * CPU backend's results: gemm in all forms with tails, block reductions, softmax, layer norm, cells,
 * embeddings and dropout masks bit for bit. Checks data flow and synchronisation without a GPU.
 * Slow (about 10 s, mostly compilation); needs g++ with C++20.
 */
@Tag("slow")
class CudaKernelEmulationTest {
    @Test void kernelsMatchTheCpuWhenEmulated() throws Exception {
        assumeTrue(Machine.hasCxx(), "g++ not found");
        Process p = new ProcessBuilder("bash", "tools/cuda/emulate/run.sh").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        assertTrue(log.contains("ALL PASS"), log);
        assertEquals(0, rc, log);
    }
}
