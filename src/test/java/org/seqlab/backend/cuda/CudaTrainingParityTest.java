package org.seqlab.backend.cuda;

import org.junit.jupiter.api.Tag;
import org.seqlab.backend.Backend;

/** Training parity and checkpoints between the CPU and the real GPU; skipped without one. */
@Tag("gpu")
class CudaTrainingParityTest extends TrainingParityCases {
    @Override protected Backend gpu() { return RealGpu.require(); }
}
