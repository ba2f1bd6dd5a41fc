package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The attention row softmax and its backward on the Vector API (the fast path of {@link AttentionKernels}'s
 * scalar loops, same masking rules): one vector exp per 8 or 16 scores instead of a Math.exp each.
 */
final class VectorSoftmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorSoftmax() {}

    /** Groups (one (batch, head) matrix each) [g0, g1). */
    static void softmaxRows(int g0, int g1, int tq, int tk, int perBatch, float scale, boolean causal, int[] keyLengths,
                            float[] s, int sOff, float[] p, int pOff) {
        for (int g = g0; g < g1; g++) {
            int len = keyLengths == null ? tk : Math.min(tk, Math.max(0, keyLengths[g / perBatch]));
            for (int i = 0; i < tq; i++) {
                int row = (g * tq + i) * tk;
                int visible = causal ? Math.min(len, i + tk - tq + 1) : len;
                int so = sOff + row, po = pOff + row;
                if (visible <= 0) {
                    java.util.Arrays.fill(p, po, po + tk, 0f);
                    continue;
                }
                row(visible, scale, s, so, p, po);
                if (visible < tk) java.util.Arrays.fill(p, po + visible, po + tk, 0f);
            }
        }
    }

    /** p[0, n) = softmax(scale * s[0, n)). */
    private static void row(int n, float scale, float[] s, int so, float[] p, int po) {
        int bound = S.loopBound(n), j = 0;
        float max = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; j < bound; j += L) m = m.max(FloatVector.fromArray(S, s, so + j).mul(scale));
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) max = Math.max(max, scale * s[so + j]);
        float sum = 0;
        j = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.zero(S);
            for (; j < bound; j += L) {
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, s, so + j).mul(scale).sub(max));
                e.intoArray(p, po + j);
                acc = acc.add(e);
            }
            sum = VectorMath.sum(acc);
        }
        for (; j < n; j++) {
            float e = (float) Math.exp(scale * s[so + j] - max);
            p[po + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        j = 0;
        for (; j < bound; j += L) FloatVector.fromArray(S, p, po + j).mul(inv).intoArray(p, po + j);
        for (; j < n; j++) p[po + j] *= inv;
    }

    /**
     * dScores = scale * p * (dp - sum_j p_j dp_j) per row, rows r0..r1 of (tq, tk) matrices. With causal only the
     * visible keys of row i (j <= i + tk - tq) are read; the others get 0.
     */
    static void softmaxRowsBackward(int r0, int r1, int tq, int tk, float scale, boolean causal, float[] p, int pOff,
                                    float[] dp, int dpOff, float[] ds, int dsOff) {
        for (int r = r0; r < r1; r++) {
            int po = pOff + r * tk, go = dpOff + r * tk, o = dsOff + r * tk, j = 0;
            int n = causal ? Math.max(0, Math.min(tk, r % tq + 1 + tk - tq)) : tk, bound = S.loopBound(n);
            FloatVector acc = FloatVector.zero(S);
            for (; j < bound; j += L) acc = FloatVector.fromArray(S, p, po + j).fma(FloatVector.fromArray(S, dp, go + j), acc);
            float dot = VectorMath.sum(acc);
            for (; j < n; j++) dot += p[po + j] * dp[go + j];
            j = 0;
            for (; j < bound; j += L) {
                FloatVector pv = FloatVector.fromArray(S, p, po + j);
                FloatVector.fromArray(S, dp, go + j).sub(dot).mul(pv).mul(scale).intoArray(ds, o + j);
            }
            for (; j < n; j++) ds[o + j] = scale * p[po + j] * (dp[go + j] - dot);
            if (n < tk) java.util.Arrays.fill(ds, o + n, o + tk, 0f);
        }
    }
}
