package org.seqlab.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.seqlab.tensor.Tensor;

/**
 * The argument checks live once, in CheckedBackend, and every backend Backends hands out goes through them: both
 * CPU backends reject the same bad calls with the same message and leave their outputs untouched. (The GPU
 * backend's launches are checked the same way in CudaBackendDryRunTest.)
 */
class CheckedBackendTest {
    private static final List<Backend> CPUS = List.of(Backends.create("cpu", 2), Backends.create("cpu-reference", 1));

    private static void rejects(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test void bothCpuBackendsAreRegisteredAndChecked() {
        assertEquals("cpu", CPUS.get(0).name());
        assertEquals(2, CPUS.get(0).threads());
        assertEquals("cpu-reference", CPUS.get(1).name());
        assertEquals(1, CPUS.get(1).threads());
        for (Backend be : CPUS) assertInstanceOf(CheckedBackend.class, be);
        assertSame(CPUS.get(0), CheckedBackend.of(CPUS.get(0)), "a checked backend is not wrapped twice");
    }

    @Test void badShapesAreTheSameErrorOnEveryCpuBackend() {
        for (Backend be : CPUS) {
            Tensor c = be.alloc(2, 5);
            be.fill(c, 7f);
            rejects("gemm shapes do not fit: op(A) 2x3, op(B) 4x5, C 2x5",
                    () -> be.gemm(false, false, 1f, be.alloc(2, 3), be.alloc(4, 5), 0f, c));
            assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, c.toHost(), "a rejected call writes nothing");
            rejects("size mismatch: (3,) vs (4,)", () -> be.copy(be.alloc(3), be.alloc(4)));
            rejects("lstm cell shapes: gates (2, 12), h (2, 4)",
                    () -> be.lstmCell(be.alloc(2, 12), be.alloc(2, 4), be.alloc(2, 4), be.alloc(2, 4)));
            rejects("token id 10 outside a vocabulary of 10", () -> be.gather(be.alloc(10, 3), new int[] {1, 10}, 0, be.alloc(2, 3)));
            rejects("target 9 outside 9 classes",
                    () -> be.softmaxCrossEntropy(be.alloc(1, 9), new int[] {9}, 0, -100, 1f, be.alloc(1, 9), null));
            rejects("tanh backward needs y", () -> be.activationBackward(Activation.TANH, be.alloc(3), null, be.alloc(3), be.alloc(3), false));
            rejects("1 key lengths for a batch of 3",
                    () -> be.maskedSoftmax(be.alloc(3, 1, 2, 2), 1f, false, new int[] {2}, be.alloc(3, 1, 2, 2)));
            rejects("heads (2, 2, 3, 4) at column 4 do not fit the sequence (3, 2, 8)",
                    () -> be.splitHeads(be.alloc(3, 2, 8), 4, be.alloc(2, 2, 3, 4)));
            rejects("sgd with momentum needs a buffer of (4,)",
                    () -> be.sgdStep(be.alloc(4), be.alloc(4), null, 0.1f, 0.9f, 0f, 0f, false, true));
            rejects("threads must be at least 1, got 0", () -> be.setThreads(0));
        }
    }

    @Test void anIgnoredTargetNeedNotBeAClass() {
        for (Backend be : CPUS) {
            double loss = be.softmaxCrossEntropy(be.alloc(2, 3), new int[] {-100, 2}, 0, -100, 1f, be.alloc(2, 3), null);
            assertEquals(Math.log(3), loss, 1e-6);
        }
    }
}
