package org.seqlab.backend.cuda;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CheckedBackend;
import org.seqlab.backend.AttentionConformanceTest;

/**
 * The attention conformance suite on CudaBackend with its kernels emulated on the CPU ({@link EmulatedGpu}):
 * checks the Java side's arguments (order, sizes, offsets of views) and the kernels' arithmetic together,
 * everything but the GPU itself and JCuda's transport. Slow: builds the emulator with g++ first.
 */
@Tag("slow")
class EmulatedCudaAttentionConformanceTest extends AttentionConformanceTest {
    private static Backend backend;
    private static String unavailable;

    @BeforeAll static void build() {
        unavailable = EmulatedGpu.load();
        if (unavailable == null) backend = CheckedBackend.of(new CudaBackend(new EmulatedGpu()));
    }

    /** Skipped without g++; a failure when g++ is here but the emulator does not build. */
    @BeforeEach void needEmulator() { Machine.requireEmulator(backend != null, unavailable); }

    @Override protected Backend backend() { return backend; }
}
