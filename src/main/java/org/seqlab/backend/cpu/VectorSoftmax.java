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

    /** Lane indices 0, 1, ..., L-1: compared with a row's visible length, they mask a partial last vector. */
    private static final float[] LANES = new float[L];

    static {
        for (int i = 0; i < L; i++) LANES[i] = i;
    }

    /**
     * Groups (one (batch, head) matrix each) [g0, g1). A row's visible keys are rarely a multiple of L (under the
     * causal mask row i sees i + 1): the partial last vector is computed whole, inside the row, with the masked
     * lanes set aside, instead of a Math.exp per leftover score (those scalar tails took two thirds of the time).
     */
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
                row(visible, tk, scale, s, so, p, po);
                if (visible < tk) java.util.Arrays.fill(p, po + visible, po + tk, 0f);
            }
        }
    }

    /** p[0, n) = softmax(scale * s[0, n)); the row is room long (p's entries n.. may be overwritten). */
    private static void row(int n, int room, float scale, float[] s, int so, float[] p, int po) {
        int bound = S.loopBound(room), j = 0;           // vectors never cross the row's end
        FloatVector lanes = FloatVector.fromArray(S, LANES, 0);
        float max = Float.NEGATIVE_INFINITY;
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < n && j < bound; j += L) {
            FloatVector x = FloatVector.fromArray(S, s, so + j).mul(scale);
            if (j + L > n) x = x.blend(Float.NEGATIVE_INFINITY, lanes.compare(VectorOperators.GE, n - j));
            m = m.max(x);
        }
        if (j > 0) max = m.reduceLanes(VectorOperators.MAX);
        int vectorEnd = j;
        for (; j < n; j++) max = Math.max(max, scale * s[so + j]);
        float sum = 0;
        FloatVector acc = FloatVector.zero(S);
        for (j = 0; j < vectorEnd; j += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, s, so + j).mul(scale).sub(max));
            if (j + L > n) e = e.blend(0f, lanes.compare(VectorOperators.GE, n - j));
            e.intoArray(p, po + j);
            acc = acc.add(e);
        }
        if (vectorEnd > 0) sum = VectorMath.sum(acc);
        for (; j < n; j++) {
            float e = (float) Math.exp(scale * s[so + j] - max);
            p[po + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (j = 0; j < vectorEnd; j += L) FloatVector.fromArray(S, p, po + j).mul(inv).intoArray(p, po + j);
        for (; j < n; j++) p[po + j] *= inv;
    }

    /**
     * dScores = scale * p * (dp - sum_j p_j dp_j) per row, rows r0..r1 of (tq, tk) matrices. With causal only the
     * visible keys of row i (j <= i + tk - tq) count: as in the forward, the partial last vector is computed whole
     * (p is 0 in its masked lanes, and dp finite there, so they add 0), and the rest of the row gets 0.
     */
    static void softmaxRowsBackward(int r0, int r1, int tq, int tk, float scale, boolean causal, float[] p, int pOff,
                                    float[] dp, int dpOff, float[] ds, int dsOff) {
        int bound = S.loopBound(tk);
        for (int r = r0; r < r1; r++) {
            int po = pOff + r * tk, go = dpOff + r * tk, o = dsOff + r * tk, j = 0;
            int n = causal ? Math.max(0, Math.min(tk, r % tq + 1 + tk - tq)) : tk;
            FloatVector acc = FloatVector.zero(S);
            for (; j < n && j < bound; j += L) acc = FloatVector.fromArray(S, p, po + j).fma(FloatVector.fromArray(S, dp, go + j), acc);
            int vectorEnd = j;
            float dot = VectorMath.sum(acc);
            for (; j < n; j++) dot += p[po + j] * dp[go + j];
            for (j = 0; j < vectorEnd; j += L) {
                FloatVector pv = FloatVector.fromArray(S, p, po + j);
                FloatVector.fromArray(S, dp, go + j).sub(dot).mul(pv).mul(scale).intoArray(ds, o + j);
            }
            for (; j < n; j++) ds[o + j] = scale * p[po + j] * (dp[go + j] - dot);
            if (j < tk) java.util.Arrays.fill(ds, o + j, o + tk, 0f);
        }
    }
}
