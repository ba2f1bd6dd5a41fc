package org.seqlab.backend.cuda;

import org.junit.jupiter.api.Tag;
import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendConformanceTest;

/**
 * The backend conformance suite on the GPU, against the CPU reference. Tagged "gpu" (excluded by default;
 * run with mvn -Pgpu verify); skipped without an NVIDIA driver, failed when the driver is there but no GPU opens.
 * Tolerance: the kernels are plain float32 (no TF32), so the suite's own bound holds.
 */
@Tag("gpu")
class CudaBackendConformanceTest extends BackendConformanceTest {
    @Override protected Backend backend() { return RealGpu.require(); }
}
