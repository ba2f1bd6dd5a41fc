package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bahdanau's additive scores and their backward on the Vector API (the fast path of {@link AttentionKernels}'s
 * scalar loops): B T S A tanh per pass, which as one Math.tanh each made kind=additive about ten times slower than
 * kind=dot. tanh is {@link VectorCells}' rational approximation, vector body and scalar tail alike. Work is split
 * by batch element, and dv summed per element then over elements in order, so no result depends on the threads.
 */
final class VectorAdditive {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorAdditive() {}

    /** Batch elements [b0, b1) of AttentionKernels.additiveScores: hid (B, T, S, A), sc (B, T, S). */
    static void scores(int b0, int b1, int steps, int srcSteps, int batch, int a, float[] q, int qo, float[] k, int ko,
                       float[] v, int vo, float[] hid, int ho, float[] sc, int so) {
        int bound = S.loopBound(a);
        for (int b = b0; b < b1; b++) {
            for (int t = 0; t < steps; t++) {
                int qr = qo + (t * batch + b) * a;
                for (int s = 0; s < srcSteps; s++) {
                    int kr = ko + (s * batch + b) * a, hr = ho + ((b * steps + t) * srcSteps + s) * a, j = 0;
                    FloatVector acc = FloatVector.zero(S);
                    for (; j < bound; j += L) {
                        FloatVector h = VectorCells.tanh(FloatVector.fromArray(S, q, qr + j).add(FloatVector.fromArray(S, k, kr + j)));
                        h.intoArray(hid, hr + j);
                        acc = h.fma(FloatVector.fromArray(S, v, vo + j), acc);
                    }
                    float e = VectorMath.sum(acc);
                    for (; j < a; j++) {
                        float h = VectorCells.tanh(q[qr + j] + k[kr + j]);
                        hid[hr + j] = h;
                        e += v[vo + j] * h;
                    }
                    sc[so + (b * steps + t) * srcSteps + s] = e;
                }
            }
        }
    }

    /**
     * Batch elements [b0, b1) of AttentionKernels.additiveScoresBackward: their rows of dq (T, B, A) and dk (S, B, A)
     * overwritten, and dv of element b into dvPer[b A, (b + 1) A) (overwritten).
     */
    static void scoresBackward(int b0, int b1, int steps, int srcSteps, int batch, int a, float[] hid, int ho, float[] v, int vo,
                               float[] ds, int dso, float[] dq, int dqo, float[] dk, int dko, float[] dvPer) {
        int bound = S.loopBound(a);
        for (int b = b0; b < b1; b++) {
            for (int t = 0; t < steps; t++) java.util.Arrays.fill(dq, dqo + (t * batch + b) * a, dqo + (t * batch + b + 1) * a, 0f);
            for (int s = 0; s < srcSteps; s++) java.util.Arrays.fill(dk, dko + (s * batch + b) * a, dko + (s * batch + b + 1) * a, 0f);
            int dvo = b * a;
            java.util.Arrays.fill(dvPer, dvo, dvo + a, 0f);
            for (int t = 0; t < steps; t++) {
                int qr = dqo + (t * batch + b) * a;
                for (int s = 0; s < srcSteps; s++) {
                    float g = ds[dso + (b * steps + t) * srcSteps + s];
                    if (g == 0f) continue;
                    int kr = dko + (s * batch + b) * a, hr = ho + ((b * steps + t) * srcSteps + s) * a, j = 0;
                    for (; j < bound; j += L) {
                        FloatVector h = FloatVector.fromArray(S, hid, hr + j);
                        FloatVector pre = FloatVector.fromArray(S, v, vo + j).mul(g).mul(h.mul(h).neg().add(1f));
                        pre.add(FloatVector.fromArray(S, dq, qr + j)).intoArray(dq, qr + j);
                        pre.add(FloatVector.fromArray(S, dk, kr + j)).intoArray(dk, kr + j);
                        h.mul(g).add(FloatVector.fromArray(S, dvPer, dvo + j)).intoArray(dvPer, dvo + j);
                    }
                    for (; j < a; j++) {
                        float h = hid[hr + j], pre = g * v[vo + j] * (1 - h * h);
                        dq[qr + j] += pre;
                        dk[kr + j] += pre;
                        dvPer[dvo + j] += g * h;
                    }
                }
            }
        }
    }
}
