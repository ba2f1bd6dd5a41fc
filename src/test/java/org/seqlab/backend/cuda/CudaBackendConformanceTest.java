package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendConformanceTest;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;

/**
 * The backend conformance suite on the GPU, against the CPU reference. Tagged "gpu" (excluded by default;
 * run with -Dseqlab.excludedGroups=slow -Dgroups=gpu) and skipped when no GPU can be opened.
 * Tolerance: the kernels are plain float32 (no TF32), so the suite's own bound holds.
 */
@Tag("gpu")
class CudaBackendConformanceTest extends BackendConformanceTest {
    private static Backend gpu;
    private static String unavailable;

    @BeforeAll static void openGpu() {
        try {
            gpu = Backends.create("cuda", 1);
        } catch (BackendException e) {
            unavailable = e.getMessage();
        }
    }

    /** Each test reports itself skipped, with the reason, where there is no GPU. */
    @BeforeEach void needGpu() { assumeTrue(gpu != null, unavailable); }

    @Override protected Backend backend() { return gpu; }
}
