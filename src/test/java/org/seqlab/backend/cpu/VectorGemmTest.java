package org.seqlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API product against EJML at sizes the conformance suite does not reach: several k blocks,
 * several row blocks, row and column tails, split over two threads by rows and by columns, offsets and
 * leading dimensions wider than the matrix.
 */
class VectorGemmTest {
    private final Random rnd = new Random(11);

    @Test void largeProductsAllFormsOneAndTwoThreads() {
        int[][] sizes = {{133, 70, 600}, {20, 300, 800}, {2500, 65, 128}, {64, 16, 257}, {52, 33, 5}, {300, 260, 600}};
        for (int threads = 1; threads <= 2; threads++) {
            VectorGemm fast = new VectorGemm(new Parallel(threads));
            for (int[] s : sizes) {
                for (int form = 0; form < 4; form++) {
                    for (float beta : new float[] {0f, 1f, 0.5f}) check(fast, (form & 1) != 0, (form & 2) != 0, s[0], s[1], s[2], beta);
                }
            }
        }
    }

    /** Threads take chunks in whatever order they come; each element is still summed the same way. */
    @Test void sameBitsOnOneAndThreeThreads() {
        VectorGemm one = new VectorGemm(new Parallel(1)), three = new VectorGemm(new Parallel(3));
        int[][] sizes = {{300, 260, 600}, {20, 300, 800}, {768, 128, 512}};
        for (int[] s : sizes) {
            for (int form = 0; form < 4; form++) {
                boolean ta = (form & 1) != 0, tb = (form & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(m * k), b = random(k * n), c1 = random(m * n), c3 = c1.clone();
                one.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1f, c1, 0, n);
                three.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1f, c3, 0, n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c3, "gemm " + m + "x" + n + "x" + k + " form " + form);
            }
        }
    }

    /** A, B and C sit at an offset inside larger arrays with padded rows. */
    private void check(VectorGemm fast, boolean ta, boolean tb, int m, int n, int k, float beta) {
        int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
        int lda = ac + 3, ldb = bc + 2, ldc = n + 5, off = 7;
        float[] a = random(off + ar * lda), b = random(off + br * ldb), c = random(off + m * ldc);
        float[] want = c.clone();
        new EjmlGemm().gemm(ta, tb, m, n, k, 0.75f, a, off, lda, b, off, ldb, beta, want, off, ldc);
        fast.gemm(ta, tb, m, n, k, 0.75f, a, off, lda, b, off, ldb, beta, c, off, ldc);
        double maxAbs = 0;
        for (float w : want) maxAbs = Math.max(maxAbs, Math.abs(w));
        for (int i = 0; i < c.length; i++) {
            boolean inC = i >= off && (i - off) % ldc < n && (i - off) / ldc < m;
            float tol = inC ? (float) (1e-5 * Math.max(1, maxAbs)) : 0f;
            int idx = i;
            assertTrue(Math.abs(want[i] - c[i]) <= tol, () -> "gemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb
                    + " beta=" + beta + ": element " + idx + " is " + c[idx] + ", want " + want[idx]);
        }
    }

    private float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }
}
