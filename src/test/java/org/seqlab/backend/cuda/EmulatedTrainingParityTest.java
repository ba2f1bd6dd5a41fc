package org.seqlab.backend.cuda;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CheckedBackend;

/** Training parity and checkpoints between the CPU and CudaBackend on emulated kernels. Slow (builds with g++). */
@Tag("slow")
class EmulatedTrainingParityTest extends TrainingParityCases {
    private static Backend gpu;
    private static String unavailable;

    @BeforeAll static void build() {
        unavailable = EmulatedGpu.load();
        if (unavailable == null) gpu = CheckedBackend.of(new CudaBackend(new EmulatedGpu()));
    }

    /** Skipped without g++; a failure when g++ is here but the emulator does not build. */
    @BeforeEach void needEmulator() { Machine.requireEmulator(gpu != null, unavailable); }

    @Override protected Backend gpu() { return gpu; }
}
