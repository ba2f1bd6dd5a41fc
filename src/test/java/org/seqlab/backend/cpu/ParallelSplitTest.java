package org.seqlab.backend.cpu;

import org.seqlab.backend.CpuBackends;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The fast backend's loops split over threads, at sizes large enough to be split: the same bits on one thread
 * and on three (no result may depend on the thread count), and within float rounding of the reference.
 */
class ParallelSplitTest {
    private static final Backend ONE = CpuBackends.fast(), THREE = CpuBackends.fast(), REF = CpuBackends.reference();

    static {
        ONE.setThreads(1);
        THREE.setThreads(3);
    }

    /** Runs op on each backend with the same random inputs and compares every tensor it returns. */
    private static void same(String what, Function<Backend, Tensor[]> op) {
        Tensor[] one = op.apply(ONE), three = op.apply(THREE), ref = op.apply(REF);
        for (int i = 0; i < one.length; i++) {
            float[] a = one[i].toHost(), b = three[i].toHost(), r = ref[i].toHost();
            assertArrayEquals(a, b, what + " output " + i + ": one thread and three differ");
            for (int j = 0; j < r.length; j++) {
                assertEquals(r[j], a[j], 1e-4f * (1 + Math.abs(r[j])), what + " output " + i + " element " + j);
            }
        }
    }

    private static Tensor random(Backend be, long seed, int... dims) {
        Random rnd = new Random(seed);
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        return be.fromHost(v, s);
    }

    @Test void layerNormForwardAndBackward() {
        same("layernorm", be -> {
            int rows = 300, n = 130;
            Tensor x = random(be, 1, rows, n), g = random(be, 2, n), b = random(be, 3, n), dy = random(be, 4, rows, n);
            Tensor y = be.alloc(rows, n), mean = be.alloc(rows), rstd = be.alloc(rows), dx = be.alloc(rows, n);
            Tensor dg = random(be, 5, n), db = random(be, 6, n);
            be.layerNorm(x, g, b, 1e-5f, y, mean, rstd);
            be.layerNormBackward(dy, x, g, mean, rstd, dx, dg, db);
            return new Tensor[] {y, mean, rstd, dx, dg, db};
        });
    }

    @Test void geluForwardAndBackward() {
        same("gelu", be -> {
            int n = 100_003;
            Tensor x = random(be, 7, n), y = be.alloc(n), dy = random(be, 8, n), dx = random(be, 9, n);
            be.activation(Activation.GELU, x, y);
            be.activationBackward(Activation.GELU, x, y, dy, dx, true);
            return new Tensor[] {y, dx};
        });
    }

    /** The recurrent cells split by batch rows (50 x 128, the bench's step, and a ragged 37 x 20). */
    @Test void recurrentCellsForwardAndBackward() {
        for (int[] size : new int[][] {{50, 128}, {37, 20}}) {
            int rows = size[0], hid = size[1];
            same("lstm cell " + rows + "x" + hid, be -> {
                Tensor g = random(be, 20, rows, 4 * hid), cp = random(be, 21, rows, hid), c = be.alloc(rows, hid), h = be.alloc(rows, hid);
                Tensor dh = random(be, 22, rows, hid), dc = random(be, 23, rows, hid), dg = be.alloc(rows, 4 * hid);
                be.lstmCell(g, cp, c, h);
                be.lstmCellBackward(g, cp, c, dh, dc, dg);
                return new Tensor[] {g, c, h, dc, dg};
            });
            same("gru cell " + rows + "x" + hid, be -> {
                Tensor xg = random(be, 24, rows, 3 * hid), hg = random(be, 25, rows, 3 * hid), hp = random(be, 26, rows, hid);
                Tensor h = be.alloc(rows, hid), dh = random(be, 27, rows, hid);
                Tensor dxg = be.alloc(rows, 3 * hid), dhg = be.alloc(rows, 3 * hid), dhp = be.alloc(rows, hid);
                be.gruCell(xg, hg, hp, h);
                be.gruCellBackward(xg, hg, hp, dh, dxg, dhg, dhp);
                return new Tensor[] {xg, h, dxg, dhg, dhp};
            });
        }
    }

    /** The softmax loss in row blocks over the threads (2500 x 65: the char-rnn bench's output), some rows ignored. */
    @Test void softmaxCrossEntropyInBlocks() {
        int rows = 2500, v = 65;
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) targets[r] = r % 97 == 0 ? -100 : (r * 31) % v;
        double[] loss = new double[3];
        Backend[] bes = {ONE, THREE, REF};
        same("softmax cross-entropy", be -> {
            Tensor logits = random(be, 40, rows, v), p = be.alloc(rows, v), d = be.alloc(rows, v);
            for (int i = 0; i < 3; i++) if (bes[i] == be) loss[i] = be.softmaxCrossEntropy(logits, targets, 0, -100, 1f / rows, p, d);
            return new Tensor[] {p, d};
        });
        assertEquals(loss[0], loss[1], "one thread and three differ");
        assertEquals(loss[2], loss[0], 1e-5 * loss[2]);
    }

    /** tanh and sigmoid over a ragged length (a scalar tail), and the embedding gradient's scatter with repeated ids. */
    @Test void activationsAndScatter() {
        same("tanh and sigmoid", be -> {
            int n = 6400 + 37;
            Tensor x = random(be, 50, n), y = be.alloc(n), z = be.alloc(n);
            be.activation(Activation.TANH, x, y);
            be.activation(Activation.SIGMOID, x, z);
            return new Tensor[] {y, z};
        });
        same("scatter-add", be -> {
            int rows = 2500, v = 65, n = 64;
            int[] ids = new int[rows];
            for (int r = 0; r < rows; r++) ids[r] = r % 13 == 0 ? -1 : (r * 7) % v;
            Tensor g = random(be, 51, rows, n), table = random(be, 52, v, n);
            be.scatterAdd(g, ids, 0, table);
            return new Tensor[] {table};
        });
    }

    /** The gradient norm's sum of squares (vector blocks on the fast backend) within rounding of the reference's. */
    @Test void sumOfSquares() {
        for (int n : new int[] {1, 63, 64, 1000, 50_001}) {
            Tensor x = random(REF, 30 + n, n), y = ONE.fromHost(x.toHost(), x.shape());
            double ref = REF.sumSquares(x);
            assertEquals(ref, ONE.sumSquares(y), 1e-6 * ref, "n = " + n);
            assertEquals(ONE.sumSquares(y), THREE.sumSquares(THREE.fromHost(x.toHost(), x.shape())), "n = " + n);
        }
    }

    @Test void adamAndAdamW() {
        same("adam", be -> {
            int n = 50_001;
            Tensor p = random(be, 10, n), g = random(be, 11, n), m = random(be, 12, n), v = be.alloc(n);
            for (int step = 1; step <= 3; step++) be.adamStep(p, g, m, v, 1e-2f, 0.9f, 0.99f, 1e-8f, 0.1f, step != 2, step);
            return new Tensor[] {p, m, v};
        });
    }

    @Test void batchedProductsAndSoftmax() {
        same("attention", be -> {
            Tensor q = random(be, 13, 6, 4, 40, 33), k = random(be, 14, 6, 4, 40, 33), s = be.alloc(6, 4, 40, 40);
            Tensor p = be.alloc(6, 4, 40, 40), dp = random(be, 15, 6, 4, 40, 40), ds = be.alloc(6, 4, 40, 40);
            be.batchedGemm(false, true, 1f, q, k, 0f, s);
            be.maskedSoftmax(s, 0.3f, true, new int[] {40, 17, 0, 40, 3, 39}, p);
            be.maskedSoftmaxBackward(p, dp, 0.3f, ds);
            return new Tensor[] {s, p, ds};
        });
    }

    @Test void rowVectorsAndHeads() {
        same("rows and heads", be -> {
            Tensor x = random(be, 16, 50, 12, 3 * 40), bias = random(be, 17, 3 * 40), sums = random(be, 18, 3 * 40);
            be.addRowVector(x, bias);
            be.sumRows(x, sums, true);
            Tensor heads = be.alloc(12, 4, 50, 10), back = random(be, 19, 50, 12, 3 * 40);
            be.splitHeads(x, 40, heads);
            be.mergeHeads(heads, back, 80, true);
            return new Tensor[] {x, sums, heads, back};
        });
    }
}
