package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;

/** Training parity and checkpoints between the CPU and the real GPU; skipped without one. */
@Tag("gpu")
class CudaTrainingParityTest extends TrainingParityCases {
    private static Backend gpu;
    private static String unavailable;

    @BeforeAll static void openGpu() {
        try {
            gpu = Backends.create("cuda", 1);
        } catch (BackendException e) {
            unavailable = e.getMessage();
        }
    }

    @BeforeEach void needGpu() { assumeTrue(gpu != null, unavailable); }

    @Override protected Backend gpu() { return gpu; }
}
