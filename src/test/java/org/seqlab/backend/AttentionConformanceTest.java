package org.seqlab.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The attention operations every backend must pass (a companion of {@link BackendConformanceTest}): each is
 * checked against a direct host computation of its definition, batched products against per-matrix gemm on
 * the reference backend. A backend's test class extends this and names the backend.
 */
public abstract class AttentionConformanceTest {
    protected abstract Backend backend();

    private final Backend ref = CpuBackends.reference();
    private final Random rnd = new Random(17);

    private float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }

    private static void close(String what, float[] want, float[] got, float tol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), what + ": element " + i);
        }
    }

    @Test void batchedGemmMatchesGemmPerMatrix() {
        int n = 6, m = 9, k = 13, p = 17;
        for (int form = 0; form < 4; form++) {
            boolean ta = (form & 1) != 0, tb = (form & 2) != 0;
            Shape sa = ta ? Shape.of(2, 3, k, m) : Shape.of(2, 3, m, k), sb = tb ? Shape.of(n, p, k) : Shape.of(n, k, p);
            float[] a = random(sa.size()), b = random(sb.size()), c = random(n * m * p);
            Tensor c1 = backend().fromHost(c, Shape.of(n, m, p));
            backend().batchedGemm(ta, tb, 0.5f, backend().fromHost(a, sa), backend().fromHost(b, sb), 1f, c1);
            Tensor ra = ref.fromHost(a, sa).reshape(Shape.of(n, sa.dim(2), sa.dim(3))), rb = ref.fromHost(b, sb);
            Tensor c2 = ref.fromHost(c, Shape.of(n, m, p));
            for (int i = 0; i < n; i++) ref.gemm(ta, tb, 0.5f, ra.slice(i), rb.slice(i), 1f, c2.slice(i));
            close("batched gemm transA=" + ta + " transB=" + tb, c2.toHost(), c1.toHost(), 2e-5f);
        }
    }

    /**
     * The products of causal attention: q k^T and dO v^T need only the visible entries (j <= i + Tk - Tq) of their
     * (Tq, Tk) result; p v, dS k (a's masked entries zero), p^T dO and dS^T q must equal the whole product. Sizes
     * cover one row, tiles cut by the diagonal, Tq != Tk and a depth past one k block of the CPU product (256).
     */
    @Test void causalBatchedGemmMatchesTheWholeProductWhereItCounts() {
        int[][] sizes = {{1, 1, 4}, {5, 5, 3}, {37, 37, 40}, {64, 64, 32}, {5, 9, 7}, {9, 5, 6}, {300, 300, 5}};
        for (int[] z : sizes) {
            int tq = z[0], tk = z[1], d = z[2], n = 3;
            for (int form = 0; form < 3; form++) {            // 0: a b^T (c causal), 1: a b, 2: a^T b (a causal)
                boolean ta = form == 2, tb = form == 0;
                Shape sa = form == 0 ? Shape.of(n, tq, d) : Shape.of(n, tq, tk);
                Shape sb = form == 0 ? Shape.of(n, tk, d) : Shape.of(n, form == 1 ? tk : tq, d);
                Shape sc = form == 0 ? Shape.of(n, tq, tk) : Shape.of(n, form == 1 ? tq : tk, d);
                float[] a = random(sa.size()), b = random(sb.size());
                if (form != 0) for (int m = 0; m < n; m++) for (int i = 0; i < tq; i++) for (int j = 0; j < tk; j++) {
                    if (j > i + tk - tq) a[(m * tq + i) * tk + j] = 0f;
                }
                for (float beta : new float[] {0f, 1f}) {
                    float[] c = random(sc.size());
                    Tensor got = backend().fromHost(c, sc), want = ref.fromHost(c, sc);
                    backend().causalBatchedGemm(ta, tb, 0.5f, backend().fromHost(a, sa), backend().fromHost(b, sb), beta, got);
                    ref.batchedGemm(ta, tb, 0.5f, ref.fromHost(a, sa), ref.fromHost(b, sb), beta, want);
                    float[] w = want.toHost(), g = got.toHost();
                    if (form == 0) {
                        for (int m = 0; m < n; m++) for (int i = 0; i < tq; i++) for (int j = 0; j < tk; j++) {
                            if (j > i + tk - tq) w[(m * tq + i) * tk + j] = g[(m * tq + i) * tk + j] = 0f;
                        }
                    }
                    close("causal product form " + form + " " + tq + "x" + tk + "x" + d + " beta " + beta, w, g, 2e-5f);
                }
            }
        }
    }

    @Test void causalSoftmaxBackwardIgnoresTheMaskedGradient() {
        int tq = 19, tk = 23, n = 2;
        Tensor scores = backend().fromHost(random(n * tq * tk), Shape.of(n, 1, tq, tk)), probs = backend().alloc(scores.shape());
        backend().maskedSoftmax(scores, 0.9f, true, null, probs);
        float[] dp = random(n * tq * tk), junk = dp.clone();
        for (int m = 0; m < n; m++) for (int i = 0; i < tq; i++) for (int j = i + tk - tq + 1; j < tk; j++) {
            junk[(m * tq + i) * tk + j] = 1e20f;
        }
        Tensor want = backend().alloc(scores.shape()), got = backend().alloc(scores.shape());
        backend().maskedSoftmaxBackward(probs, backend().fromHost(dp, scores.shape()), 0.9f, want);
        backend().maskedSoftmaxBackward(probs, backend().fromHost(junk, scores.shape()), 0.9f, true, got);
        close("causal softmax backward", want.toHost(), got.toHost(), 1e-6f);
    }

    @Test void headsSplitAndMergeBack() {
        int t = 3, b = 2, h = 2, d = 3, w = 3 * h * d + 1;
        float[] x = random(t * b * w);
        Tensor seq = backend().fromHost(x, Shape.of(t, b, w)), heads = backend().alloc(b, h, t, d);
        backend().splitHeads(seq, h * d, heads);
        float[] got = heads.toHost();
        for (int bb = 0; bb < b; bb++) for (int hh = 0; hh < h; hh++) for (int tt = 0; tt < t; tt++) for (int j = 0; j < d; j++) {
            assertEquals(x[(tt * b + bb) * w + h * d + hh * d + j], got[((bb * h + hh) * t + tt) * d + j]);
        }
        Tensor back = backend().alloc(t, b, w);
        backend().mergeHeads(heads, back, h * d, false);
        backend().mergeHeads(heads, back, h * d, true);
        float[] merged = back.toHost();
        for (int r = 0; r < t * b; r++) for (int c = 0; c < w; c++) {
            boolean inBlock = c >= h * d && c < 2 * h * d;
            assertEquals(inBlock ? 2 * x[r * w + c] : 0f, merged[r * w + c], 1e-6f);
        }
    }

    /** softmax over visible keys, computed in double on the host. */
    private static float[] softmaxByDefinition(float[] s, int b, int h, int tq, int tk, float scale, boolean causal, int[] lens) {
        float[] p = new float[s.length];
        for (int bb = 0; bb < b; bb++) for (int hh = 0; hh < h; hh++) for (int i = 0; i < tq; i++) {
            int row = ((bb * h + hh) * tq + i) * tk;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < tk; j++) if (visible(i, j, tq, tk, causal, lens, bb)) max = Math.max(max, scale * s[row + j]);
            for (int j = 0; j < tk; j++) if (visible(i, j, tq, tk, causal, lens, bb)) sum += Math.exp(scale * s[row + j] - max);
            for (int j = 0; j < tk; j++) {
                p[row + j] = visible(i, j, tq, tk, causal, lens, bb) ? (float) (Math.exp(scale * s[row + j] - max) / sum) : 0f;
            }
        }
        return p;
    }

    private static boolean visible(int i, int j, int tq, int tk, boolean causal, int[] lens, int b) {
        return (!causal || j <= i + tk - tq) && (lens == null || j < lens[b]);
    }

    @Test void maskedSoftmaxCausalPaddedAndEmptyRows() {
        maskedSoftmax(4, 5, new int[] {5, 2, 0});
        maskedSoftmax(37, 37, new int[] {37, 20, 0});
    }

    private void maskedSoftmax(int tq, int tk, int[] lengths) {
        int b = 3, h = 2;
        float[] s = random(b * h * tq * tk);
        for (int i = 0; i < s.length; i++) s[i] *= 6;
        int[][] masks = {null, lengths};
        for (boolean causal : new boolean[] {false, true}) for (int[] lens : masks) {
            Tensor scores = backend().fromHost(s, Shape.of(b, h, tq, tk)), probs = backend().alloc(scores.shape());
            backend().maskedSoftmax(scores, 0.7f, causal, lens, probs);
            close("softmax causal=" + causal + " padded=" + (lens != null), softmaxByDefinition(s, b, h, tq, tk, 0.7f, causal, lens),
                    probs.toHost(), 1e-5f);
        }
    }

    @Test void maskedSoftmaxBackwardIsTheJacobianProduct() {
        softmaxBackward(7, 6);
        softmaxBackward(5, 35);
    }

    private void softmaxBackward(int rows, int tk) {
        Tensor scores = backend().fromHost(random(rows * tk), Shape.of(1, 1, rows, tk)), probs = backend().alloc(scores.shape());
        backend().maskedSoftmax(scores, 1.3f, true, null, probs);
        float[] p = probs.toHost(), dp = random(rows * tk), want = new float[rows * tk];
        for (int r = 0; r < rows; r++) for (int j = 0; j < tk; j++) {
            double g = 0;
            for (int i = 0; i < tk; i++) g += dp[r * tk + i] * p[r * tk + i] * ((i == j ? 1 : 0) - p[r * tk + j]);
            want[r * tk + j] = (float) (1.3 * g);
        }
        Tensor ds = backend().alloc(scores.shape());
        backend().maskedSoftmaxBackward(probs, backend().fromHost(dp, scores.shape()), 1.3f, ds);
        close("softmax backward", want, ds.toHost(), 1e-5f);
    }

    @Test void additiveScoresAndTheirGradients() {
        additive(3, 4, 2, 5);
        additive(6, 7, 5, 37);      // a vector body and a tail, and batch elements split over threads
    }

    private void additive(int t, int src, int b, int a) {
        float[] q = random(t * b * a), k = random(src * b * a), v = random(a), ds = random(b * t * src);
        Tensor hidden = backend().alloc(b, t, src, a), scores = backend().alloc(b, 1, t, src);
        backend().additiveScores(backend().fromHost(q, Shape.of(t, b, a)), backend().fromHost(k, Shape.of(src, b, a)),
                backend().fromHost(v, Shape.of(a)), hidden, scores);
        float[] want = new float[b * t * src], dq = new float[t * b * a], dk = new float[src * b * a], dv = new float[a];
        for (int bb = 0; bb < b; bb++) for (int i = 0; i < t; i++) for (int s = 0; s < src; s++) {
            int o = (bb * t + i) * src + s;
            for (int j = 0; j < a; j++) {
                double h = Math.tanh(q[(i * b + bb) * a + j] + k[(s * b + bb) * a + j]);
                want[o] += (float) (v[j] * h);
                double pre = ds[o] * v[j] * (1 - h * h);
                dq[(i * b + bb) * a + j] += (float) pre;
                dk[(s * b + bb) * a + j] += (float) pre;
                dv[j] += (float) (ds[o] * h);
            }
        }
        close("additive scores", want, scores.toHost(), 1e-5f);
        Tensor gq = backend().alloc(t, b, a), gk = backend().alloc(src, b, a), gv = backend().alloc(a);
        backend().additiveScoresBackward(hidden, backend().fromHost(v, Shape.of(a)), backend().fromHost(ds, scores.shape()), gq, gk, gv);
        close("additive dq", dq, gq.toHost(), 1e-5f);
        close("additive dk", dk, gk.toHost(), 1e-5f);
        close("additive dv", dv, gv.toHost(), 1e-5f);
    }
}
