package org.seqlab.backend.cpu;

/**
 * The CPU side of the attention operations: moving heads between the time-major (T, B, W) layout of a
 * sequence and the (B, H, T, d) layout of per-head matrices, and the masked row softmax with its backward.
 * Plain loops: these are memory moves and O(T^2) pointwise work beside the O(T^2 d) products.
 */
final class AttentionKernels {
    private AttentionKernels() {}

    /** out[b, h, t, j] = x[t, b, colFrom + h*d + j]; x is (T, B, width), out (B, H, T, d). */
    static void splitHeads(int steps, int batch, int heads, int d, int width, int colFrom,
                           float[] x, int xOff, float[] out, int oOff) {
        splitHeads(0, batch, steps, batch, heads, d, width, colFrom, x, xOff, out, oOff);
    }

    /** {@link #splitHeads} for batch elements [b0, b1). */
    static void splitHeads(int b0, int b1, int steps, int batch, int heads, int d, int width, int colFrom,
                           float[] x, int xOff, float[] out, int oOff) {
        for (int b = b0; b < b1; b++) {
            for (int h = 0; h < heads; h++) {
                int dst = oOff + ((b * heads + h) * steps) * d;
                for (int t = 0; t < steps; t++, dst += d) {
                    System.arraycopy(x, xOff + (t * batch + b) * width + colFrom + h * d, out, dst, d);
                }
            }
        }
    }

    /** x[t, b, colFrom + h*d + j] (+)= in[b, h, t, j]: the inverse (and the backward) of splitHeads. */
    static void mergeHeads(int steps, int batch, int heads, int d, int width, int colFrom,
                           float[] in, int iOff, float[] x, int xOff, boolean accumulate) {
        mergeHeads(0, batch, steps, batch, heads, d, width, colFrom, in, iOff, x, xOff, accumulate);
    }

    /** {@link #mergeHeads} for batch elements [b0, b1). */
    static void mergeHeads(int b0, int b1, int steps, int batch, int heads, int d, int width, int colFrom,
                           float[] in, int iOff, float[] x, int xOff, boolean accumulate) {
        for (int b = b0; b < b1; b++) {
            for (int h = 0; h < heads; h++) {
                int src = iOff + ((b * heads + h) * steps) * d;
                for (int t = 0; t < steps; t++, src += d) {
                    int dst = xOff + (t * batch + b) * width + colFrom + h * d;
                    if (accumulate) for (int j = 0; j < d; j++) x[dst + j] += in[src + j];
                    else System.arraycopy(in, src, x, dst, d);
                }
            }
        }
    }

    /**
     * probs = softmax(scale * scores) over each row of length tk, rows grouped in (tq, tk) matrices; matrix g
     * belongs to batch element g / perBatch. Masked keys get probability 0: with causal, key j is visible to
     * query i when j <= i + tk - tq; with keyLengths, when j < keyLengths[b]. A row with no visible key is all 0.
     */
    static void softmaxRows(int groups, int tq, int tk, int perBatch, float scale, boolean causal, int[] keyLengths,
                            float[] s, int sOff, float[] p, int pOff) {
        for (int g = 0; g < groups; g++) {
            int len = keyLengths == null ? tk : Math.min(tk, Math.max(0, keyLengths[g / perBatch]));
            for (int i = 0; i < tq; i++) {
                int row = (g * tq + i) * tk;
                int visible = causal ? Math.min(len, i + tk - tq + 1) : len;
                int so = sOff + row, po = pOff + row;
                if (visible <= 0) {
                    java.util.Arrays.fill(p, po, po + tk, 0f);
                    continue;
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) max = Math.max(max, scale * s[so + j]);
                float sum = 0;
                for (int j = 0; j < visible; j++) {
                    float e = (float) Math.exp(scale * s[so + j] - max);
                    p[po + j] = e;
                    sum += e;
                }
                float inv = 1f / sum;
                for (int j = 0; j < visible; j++) p[po + j] *= inv;
                if (visible < tk) java.util.Arrays.fill(p, po + visible, po + tk, 0f);
            }
        }
    }

    /** dScores = scale * p * (dp - sum_j p_j dp_j) per row; masked entries (p = 0) get 0. */
    static void softmaxRowsBackward(int rows, int tk, float scale, float[] p, int pOff, float[] dp, int dpOff,
                                    float[] ds, int dsOff) {
        for (int r = 0; r < rows; r++) {
            int po = pOff + r * tk, go = dpOff + r * tk, o = dsOff + r * tk;
            float dot = 0;
            for (int j = 0; j < tk; j++) dot += p[po + j] * dp[go + j];
            for (int j = 0; j < tk; j++) ds[o + j] = scale * p[po + j] * (dp[go + j] - dot);
        }
    }

    /**
     * Bahdanau's scores: hidden[b, t, s, :] = tanh(q[t, b, :] + k[s, b, :]), scores[b, t, s] = v . hidden[b, t, s, :];
     * q (T, B, A), k (S, B, A), hidden (B, T, S, A), scores (B, T, S).
     */
    static void additiveScores(int steps, int srcSteps, int batch, int a, float[] q, int qo, float[] k, int ko,
                               float[] v, int vo, float[] hid, int ho, float[] sc, int so) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int qr = qo + (t * batch + b) * a;
                for (int s = 0; s < srcSteps; s++) {
                    int kr = ko + (s * batch + b) * a, hr = ho + ((b * steps + t) * srcSteps + s) * a;
                    float e = 0;
                    for (int j = 0; j < a; j++) {
                        float h = (float) Math.tanh(q[qr + j] + k[kr + j]);
                        hid[hr + j] = h;
                        e += v[vo + j] * h;
                    }
                    sc[so + (b * steps + t) * srcSteps + s] = e;
                }
            }
        }
    }

    /** Backward of additiveScores: dq (T, B, A) and dk (S, B, A) overwritten, dv (A) accumulated. */
    static void additiveScoresBackward(int steps, int srcSteps, int batch, int a, float[] hid, int ho, float[] v, int vo,
                                       float[] ds, int dso, float[] dq, int dqo, float[] dk, int dko, float[] dv, int dvo) {
        java.util.Arrays.fill(dq, dqo, dqo + steps * batch * a, 0f);
        java.util.Arrays.fill(dk, dko, dko + srcSteps * batch * a, 0f);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int qr = dqo + (t * batch + b) * a;
                for (int s = 0; s < srcSteps; s++) {
                    float g = ds[dso + (b * steps + t) * srcSteps + s];
                    if (g == 0f) continue;
                    int kr = dko + (s * batch + b) * a, hr = ho + ((b * steps + t) * srcSteps + s) * a;
                    for (int j = 0; j < a; j++) {
                        float h = hid[hr + j], pre = g * v[vo + j] * (1 - h * h);
                        dq[qr + j] += pre;
                        dk[kr + j] += pre;
                        dv[dvo + j] += g * h;
                    }
                }
            }
        }
    }
}
