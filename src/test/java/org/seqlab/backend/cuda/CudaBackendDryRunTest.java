package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CheckedBackend;
import org.seqlab.tensor.Tensor;

/**
 * Runs every Backend operation of the GPU backend against a recording stand-in (no GPU needed): each launch
 * must match its kernel's signature, pass only live device addresses, and cover all elements with its grid.
 * The arithmetic itself is checked on a GPU by CudaBackendConformanceTest.
 */
class CudaBackendDryRunTest {
    private final RecordingGpu gpu = new RecordingGpu();
    private final Backend be = CheckedBackend.of(new CudaBackend(gpu));

    private Tensor t(int... dims) { return be.alloc(dims); }

    private static int i(Object o) { return (Integer) o; }

    /** The grid of a launch covers the elements its arguments describe. */
    private static void checkCoverage(RecordingGpu.Launch l) {
        Object[] a = l.args();
        long threads = (long) l.gx() * CudaBackend.THREADS;
        long need = switch (l.kernel()) {
            case FILL, SCALE, CLAMP, DROPOUT_MASK -> i(a[1]);
            case COPY -> i(a[2]);
            case AXPY, MUL, ACTIVATION, SGD -> i(a[3]);
            case ADAM, RMSPROP -> i(a[4]);
            case ACTIVATION_BACKWARD -> i(a[5]);
            case ADD_ROW_VECTOR -> (long) i(a[2]) * i(a[3]);
            case CONCAT_COLS, SPLIT_COLS -> (long) i(a[3]) * (i(a[4]) + i(a[5]));
            case LSTM_FORWARD, GRU_FORWARD -> (long) i(a[4]) * i(a[5]);
            case LSTM_BACKWARD -> (long) i(a[6]) * i(a[7]);
            case GRU_BACKWARD -> (long) i(a[7]) * i(a[8]);
            case GATHER, SCATTER_ADD -> (long) i(a[3]) * i(a[4]);
            case ONE_HOT -> (long) i(a[2]) * i(a[3]);
            case LAYERNORM_BACKWARD_PARAMS -> i(a[7]);
            case SPLIT_HEADS, MERGE_HEADS -> (long) i(a[2]) * i(a[3]) * i(a[4]) * i(a[5]);
            case ADDITIVE_SCORES -> (long) 32 * i(a[5]) * i(a[6]) * i(a[7]);  // one warp per score
            case ADDITIVE_BACKWARD_QK -> (long) (i(a[8]) == 1 ? i(a[5]) : i(a[4])) * i(a[6]) * i(a[7]);
            default -> -1;
        };
        if (need >= 0) assertTrue(threads >= need, l.kernel() + ": " + threads + " threads for " + need + " elements");
        switch (l.kernel()) {
            case SOFTMAX_XENT -> assertEquals(i(a[7]), l.gx(), "one block per row");
            case LAYERNORM -> assertEquals(i(a[7]), l.gx(), "one block per row");
            case LAYERNORM_BACKWARD_DX -> assertEquals(i(a[6]), l.gx(), "one block per row");
            case GEMM -> assertTrue(l.gx() * 64L >= i(a[1]) && l.gy() * 64L >= i(a[0]), "gemm tiles cover C");
            case BATCHED_GEMM -> {
                int tilesN = i(a[15]);
                assertTrue(tilesN * 64L >= i(a[1]) && l.gy() * 64L >= i(a[0]) && l.gx() % tilesN == 0, "batched gemm tiles cover C");
            }
            case ADDITIVE_BACKWARD_V -> assertEquals(i(a[4]), l.gx(), "one block per attention column");
            case TRANSPOSE -> assertTrue(l.gx() * 32L >= i(a[3]) && l.gy() * 32L >= i(a[2]), "transpose tiles");
            case SUM_ROWS -> assertTrue(l.gx() * 32L >= i(a[3]), "sumRows covers the columns");
            case REDUCE_PARTIALS -> assertTrue(l.gx() <= 1024, "partials fit their buffer");
            default -> { }
        }
    }

    @Test void everyOperationLaunchesWellFormedKernels() {
        Tensor x = t(9, 13), y = t(9, 13), z = t(9, 13);
        be.fill(x, 1f); be.copy(x, y); be.axpy(0.5f, x, y); be.scale(y, 2f); be.mul(x, y, z); be.clamp(z, -1, 1);
        be.sum(x); be.sumSquares(x.slice(3));
        be.gemm(false, false, 1f, t(5, 7), t(7, 3), 0f, t(5, 3));
        be.gemm(true, true, 0.5f, t(7, 130), t(70, 7), 1f, t(130, 70));
        be.gemm(false, false, 1f, t(3, 0), t(0, 5), 0.5f, t(3, 5));
        be.transpose(x, t(13, 9));
        be.addRowVector(x, t(13)); be.sumRows(x, t(13), true); be.sumRows(t(0, 13), t(13), false);
        be.concatCols(t(4, 3), t(4, 5), t(4, 8)); be.splitCols(t(4, 8), t(4, 3), t(4, 5), true);
        for (Activation f : Activation.values()) {
            be.activation(f, x, y);
            be.activationBackward(f, f == Activation.TANH || f == Activation.SIGMOID ? null : x,
                    f == Activation.RELU || f == Activation.GELU ? null : y, z, x, false);
        }
        Tensor seq = t(5, 6, 84);
        be.lstmCell(seq.slice(1), t(6, 21), t(6, 21), t(6, 21));
        be.lstmCellBackward(seq.slice(1), t(6, 21), t(6, 21), t(6, 21), t(6, 21), t(6, 84));
        be.gruCell(t(6, 57), t(6, 57), t(6, 19), t(6, 19));
        be.gruCellBackward(t(6, 57), t(6, 57), t(6, 19), t(6, 19), t(6, 57), t(6, 57), t(6, 19));
        int[] ids = {3, 0, -1, 3, 9, 2};
        be.gather(t(10, 7), ids, 1, t(5, 7)); be.scatterAdd(t(5, 7), ids, 1, t(10, 7)); be.oneHot(ids, 1, t(5, 10));
        int[] targets = {1, 4, -100, 0, 6, 2, 2};
        be.softmaxCrossEntropy(t(7, 9), targets, 0, -100, 1f / 6, t(7, 9), t(7, 9));
        be.softmaxCrossEntropy(t(7, 9), targets, 0, -100, 1f, t(7, 9), null);
        be.mse(t(4, 3), t(4, 3), 0.5f, t(4, 3)); be.mse(t(4, 3), t(4, 3), 0.5f, null);
        be.bceWithLogits(t(4, 3), t(4, 3), 0.5f, t(4, 3), t(4, 3));
        be.layerNorm(t(6, 11), t(11), t(11), 1e-5f, t(6, 11), t(6), t(6));
        be.layerNormBackward(t(6, 11), t(6, 11), t(11), t(6), t(6), t(6, 11), t(11), t(11));
        be.dropoutMask(t(10, 30), 0.25f, 99);
        Tensor p = t(5, 7), g = t(5, 7), m = t(5, 7), v = t(5, 7);
        be.adamStep(p, g, m, v, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, true, 2);
        be.sgdStep(p, g, m, 0.1f, 0.9f, 0.1f, 0.01f, true, false);
        be.sgdStep(p, g, null, 0.1f, 0f, 0f, 0f, false, true);
        be.rmspropStep(p, g, v, m, 0.01f, 0.99f, 1e-8f, 0.01f, 0.9f);
        be.rmspropStep(p, g, v, null, 0.01f, 0.99f, 1e-8f, 0.01f, 0f);
        be.fill(t(0), 1f);
        be.batchedGemm(false, true, 0.5f, t(2, 3, 70, 5), t(6, 9, 5), 0f, t(6, 70, 9));
        be.batchedGemm(true, false, 1f, t(6, 5, 9), t(6, 5, 130), 1f, t(2, 3, 9, 130));
        Tensor qkv = t(7, 2, 3 * 12 + 1), heads = t(2, 3, 7, 4);
        be.splitHeads(qkv, 12, heads); be.mergeHeads(heads, qkv, 24, true); be.mergeHeads(heads, qkv, 0, false);
        Tensor scores = t(2, 3, 7, 7), probs = t(2, 3, 7, 7);
        be.maskedSoftmax(scores, 0.5f, true, null, probs); be.maskedSoftmax(scores, 0.5f, false, new int[] {3, 9}, probs);
        be.maskedSoftmaxBackward(probs, scores, 0.5f, t(2, 3, 7, 7));
        Tensor hidden = t(2, 3, 5, 11), sc = t(2, 1, 3, 5);
        be.additiveScores(t(3, 2, 11), t(5, 2, 11), t(11), hidden, sc);
        be.additiveScoresBackward(hidden, t(11), sc, t(3, 2, 11), t(5, 2, 11), t(11));

        Set<Kernel> launched = EnumSet.noneOf(Kernel.class);
        for (RecordingGpu.Launch l : gpu.launches) {
            launched.add(l.kernel());
            checkCoverage(l);
        }
        assertEquals(EnumSet.allOf(Kernel.class), launched, "every kernel is used by some operation");
    }

    @Test void reductionsAddExactlyThePartialsWritten() {
        be.sum(t(3000));
        RecordingGpu.Launch partial = gpu.launches.get(0), finish = gpu.launches.get(1);
        assertEquals(Kernel.REDUCE_PARTIALS, partial.kernel());
        assertEquals(Kernel.REDUCE_SUM, finish.kernel());
        assertEquals(partial.args()[3], finish.args()[0], "the sum reads the partials buffer");
        assertEquals(partial.gx(), (int) (Integer) finish.args()[1], "one partial per block");
    }

    @Test void hostChecksComeBeforeAnyLaunch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> be.gather(t(10, 7), new int[] {10}, 0, t(1, 7)));
        assertEquals("token id 10 outside a vocabulary of 10", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> be.softmaxCrossEntropy(t(1, 9), new int[] {9}, 0, -100, 1f, t(1, 9), null));
        assertThrows(IllegalArgumentException.class, () -> be.scatterAdd(t(1, 7), new int[] {12}, 0, t(10, 7)));
        assertThrows(IllegalArgumentException.class, () -> be.activationBackward(Activation.TANH, t(3), null, t(3), t(3), false));
        assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1f, t(2, 3), t(4, 5), 0f, t(2, 5)));
        assertThrows(IllegalArgumentException.class, () -> be.batchedGemm(false, false, 1f, t(2, 2, 3), t(3, 3, 4), 0f, t(2, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> be.splitHeads(t(3, 2, 8), 4, t(2, 2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> be.maskedSoftmax(t(3, 1, 2, 2), 1f, false, new int[] {2, 2}, t(3, 1, 2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> be.additiveScoresBackward(t(2, 3, 5, 11), t(11), t(2, 3, 5), t(3, 2, 11), t(5, 2, 11), t(10)));
        assertTrue(gpu.launches.isEmpty(), "nothing launched for rejected calls");
    }

    @Test void viewsAddressTheirOffset() {
        Tensor seq = t(5, 6, 20);
        be.fill(seq.slice(2), 1f);
        long base = ((CudaTensor) seq).address();
        assertEquals(base + 2L * 6 * 20 * 4, (Long) gpu.launches.get(0).args()[0]);
    }
}
