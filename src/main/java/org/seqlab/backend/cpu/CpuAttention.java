package org.seqlab.backend.cpu;

import static org.seqlab.backend.AttentionShapes.additive;
import static org.seqlab.backend.AttentionShapes.heads;
import static org.seqlab.backend.AttentionShapes.matrices;
import static org.seqlab.backend.AttentionShapes.rows2;
import static org.seqlab.backend.cpu.CpuBackend.sameSize;
import static org.seqlab.backend.cpu.CpuBackend.t;

import org.seqlab.tensor.Tensor;

/**
 * The CPU backend's attention operations, shape checks and dispatch: per-head matrix products, head split and
 * merge, the masked softmax, additive (Bahdanau) scores. The reference path runs the scalar kernels of
 * {@link AttentionKernels} on the caller; the fast path splits matrices, groups or rows over the threads.
 */
final class CpuAttention {
    private final boolean reference;
    /** The reference path's product (EJML). */
    private final Gemm gemm;
    /** The fast path's threads (null on the reference path). */
    private final Parallel par;
    /** One single-thread product per part, for the per-matrix split of batchedGemm. */
    private VectorGemm[] partGemms = new VectorGemm[0];

    CpuAttention(boolean reference, Gemm gemm, Parallel par) {
        this.reference = reference;
        this.gemm = gemm;
        this.par = par;
    }

    void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int n = matrices(c), m = transA ? a.cols() : rows2(a), k = transA ? rows2(a) : a.cols();
        int kb = transB ? b.cols() : rows2(b), nn = transB ? rows2(b) : b.cols();
        if (matrices(a) != n || matrices(b) != n || k != kb || rows2(c) != m || c.cols() != nn) {
            throw new IllegalArgumentException("batched gemm shapes do not fit: A " + a.shape() + (transA ? "^T" : "")
                    + ", B " + b.shape() + (transB ? "^T" : "") + ", C " + c.shape());
        }
        CpuTensor x = t(a), y = t(b), z = t(c);
        int sa = rows2(a) * a.cols(), sb = rows2(b) * b.cols(), sc = m * nn;
        if (reference) {
            for (int i = 0; i < n; i++) {
                gemm.gemm(transA, transB, m, nn, k, alpha, x.data, x.off + i * sa, a.cols(), y.data, y.off + i * sb, b.cols(),
                        beta, z.data, z.off + i * sc, nn);
            }
            return;
        }
        // Per head the products are small (T x T x d), so the matrices, not their tiles, are split over threads.
        if (partGemms.length < par.threads()) {
            partGemms = new VectorGemm[par.threads()];
            for (int p = 0; p < partGemms.length; p++) partGemms[p] = new VectorGemm();
        }
        par.forRange(n, 1, (long) n * m * nn * k, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                partGemms[part].gemm(transA, transB, m, nn, k, alpha, x.data, x.off + i * sa, a.cols(), y.data, y.off + i * sb,
                        b.cols(), beta, z.data, z.off + i * sc, nn);
            }
        });
    }

    void splitHeads(Tensor x, int colFrom, Tensor out) {
        int[] s = heads(x, colFrom, out);
        CpuTensor a = t(x), o = t(out);
        if (reference) AttentionKernels.splitHeads(s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off);
        else par.forRange(s[1], 1, 2L * out.size(), (part, from, to) ->
                AttentionKernels.splitHeads(from, to, s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off));
    }

    void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        int[] s = heads(x, colFrom, in);
        CpuTensor a = t(in), o = t(x);
        if (reference) AttentionKernels.mergeHeads(s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off, accumulate);
        else par.forRange(s[1], 1, 2L * in.size(), (part, from, to) -> AttentionKernels.mergeHeads(from, to, s[0], s[1], s[2], s[3],
                x.cols(), colFrom, a.data, a.off, o.data, o.off, accumulate));
    }

    void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        sameSize(scores, probs);
        int tq = rows2(scores), tk = scores.cols(), groups = matrices(scores);
        int perBatch = groups == 0 ? 1 : groups / scores.shape().dim(0);
        if (keyLengths != null && keyLengths.length < scores.shape().dim(0)) {
            throw new IllegalArgumentException(keyLengths.length + " key lengths for a batch of " + scores.shape().dim(0));
        }
        CpuTensor s = t(scores), p = t(probs);
        int per = Math.max(1, perBatch);
        if (reference) AttentionKernels.softmaxRows(groups, tq, tk, per, scale, causal, keyLengths, s.data, s.off, p.data, p.off);
        else par.forRange(groups, 1, 8L * groups * tq * tk, (part, from, to) ->
                VectorSoftmax.softmaxRows(from, to, tq, tk, per, scale, causal, keyLengths, s.data, s.off, p.data, p.off));
    }

    void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        sameSize(probs, dProbs);
        sameSize(probs, dScores);
        CpuTensor p = t(probs), g = t(dProbs), d = t(dScores);
        if (reference) AttentionKernels.softmaxRowsBackward(probs.rows(), probs.cols(), scale, p.data, p.off, g.data, g.off, d.data, d.off);
        else par.forRange(probs.rows(), 1, 4L * probs.size(), (part, from, to) ->
                VectorSoftmax.softmaxRowsBackward(from, to, probs.cols(), scale, p.data, p.off, g.data, g.off, d.data, d.off));
    }

    void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        int[] d = additive(q, k, v, hidden, scores);
        CpuTensor a = t(q), b = t(k), w = t(v), h = t(hidden), s = t(scores);
        AttentionKernels.additiveScores(d[0], d[1], d[2], d[3], a.data, a.off, b.data, b.off, w.data, w.off, h.data, h.off, s.data, s.off);
    }

    void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        int[] d = additive(dq, dk, v, hidden, dScores);
        CpuTensor h = t(hidden), w = t(v), g = t(dScores), a = t(dq), b = t(dk), dw = t(dv);
        AttentionKernels.additiveScoresBackward(d[0], d[1], d[2], d[3], h.data, h.off, w.data, w.off, g.data, g.off,
                a.data, a.off, b.data, b.off, dw.data, dw.off);
    }
}
