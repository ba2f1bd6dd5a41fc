package org.seqlab.backend.cpu;

import static org.seqlab.backend.AttentionShapes.heads;
import static org.seqlab.backend.AttentionShapes.matrices;
import static org.seqlab.backend.AttentionShapes.rows2;

import org.seqlab.backend.Activation;
import org.seqlab.tensor.Tensor;

/**
 * The plain CPU backend, the yardstick of the conformance suite: EJML's matrix products and scalar loops with
 * Math.tanh and Math.exp, all on the calling thread. Registered as {@code cpu-reference}.
 */
final class ReferenceBackend extends CpuBackend {
    private final Gemm gemm = new EjmlGemm();

    ReferenceBackend() { super(new CellKernels.Scalar()); }

    @Override public String name() { return "cpu-reference"; }

    @Override public String toString() { return "cpu-reference (EJML, one thread)"; }

    /** The reference runs on the caller; a thread count is accepted and has no effect. */
    @Override public void setThreads(int n) { }

    @Override public int threads() { return 1; }

    // ---- matrix products ----------------------------------------------------------------------------

    @Override public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        CpuTensor x = t(a), y = t(b), z = t(c);
        gemm.gemm(transA, transB, c.rows(), c.cols(), transA ? a.rows() : a.cols(), alpha, x.data, x.off, a.cols(),
                y.data, y.off, b.cols(), beta, z.data, z.off, c.cols());
    }

    @Override public void addRowVector(Tensor x, Tensor bias) {
        CpuTensor a = t(x), b = t(bias);
        VectorOps.addRowVector(x.rows(), x.cols(), a.data, a.off, b.data, b.off);
    }

    @Override public void sumRows(Tensor x, Tensor out, boolean accumulate) {
        CpuTensor a = t(x), o = t(out);
        if (!accumulate) fill(out, 0);
        VectorOps.sumRows(x.rows(), x.cols(), a.data, a.off, o.data, o.off);
    }

    @Override public void activationBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate) {
        activationBackwardScalar(f, x, y, dy, dx, accumulate);
    }

    // ---- attention ----------------------------------------------------------------------------------

    @Override public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int n = matrices(c), m = rows2(c), nn = c.cols(), k = transA ? rows2(a) : a.cols();
        CpuTensor x = t(a), y = t(b), z = t(c);
        int sa = rows2(a) * a.cols(), sb = rows2(b) * b.cols(), sc = m * nn;
        for (int i = 0; i < n; i++) {
            gemm.gemm(transA, transB, m, nn, k, alpha, x.data, x.off + i * sa, a.cols(), y.data, y.off + i * sb, b.cols(),
                    beta, z.data, z.off + i * sc, nn);
        }
    }

    @Override public void splitHeads(Tensor x, int colFrom, Tensor out) {
        int[] s = heads(x, out);
        CpuTensor a = t(x), o = t(out);
        AttentionKernels.splitHeads(s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off);
    }

    @Override public void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        int[] s = heads(x, in);
        CpuTensor a = t(in), o = t(x);
        AttentionKernels.mergeHeads(s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off, accumulate);
    }

    @Override public void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        int groups = matrices(scores), perBatch = groups == 0 ? 1 : Math.max(1, groups / scores.shape().dim(0));
        CpuTensor s = t(scores), p = t(probs);
        AttentionKernels.softmaxRows(groups, rows2(scores), scores.cols(), perBatch, scale, causal, keyLengths,
                s.data, s.off, p.data, p.off);
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        CpuTensor p = t(probs), g = t(dProbs), d = t(dScores);
        AttentionKernels.softmaxRowsBackward(probs.rows(), probs.cols(), scale, p.data, p.off, g.data, g.off, d.data, d.off);
    }

    // ---- losses, normalisation, Adam ------------------------------------------------------------------

    @Override public double softmaxCrossEntropy(Tensor logits, int[] targets, int off, int ignoreIndex, float gradScale,
                                                Tensor probs, Tensor dLogits) {
        CpuTensor l = t(logits), p = t(probs), d = dLogits == null ? null : t(dLogits);
        return Losses.softmaxCrossEntropy(logits.rows(), logits.cols(), l.data, l.off, targets, off, ignoreIndex,
                gradScale, p.data, p.off, d == null ? null : d.data, d == null ? 0 : d.off);
    }

    @Override public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        CpuTensor a = t(x), g = t(gamma), b = t(beta), o = t(y), m = t(mean), r = t(rstd);
        Losses.layerNorm(x.rows(), x.cols(), a.data, a.off, g.data, g.off, b.data, b.off, eps, o.data, o.off, m.data, m.off,
                r.data, r.off);
    }

    @Override public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                            Tensor dx, Tensor dGamma, Tensor dBeta) {
        CpuTensor d = t(dy), a = t(x), g = t(gamma), m = t(mean), r = t(rstd), o = t(dx), dg = t(dGamma), db = t(dBeta);
        Losses.layerNormBackward(x.rows(), x.cols(), d.data, d.off, a.data, a.off, g.data, g.off, m.data, m.off,
                r.data, r.off, o.data, o.off, dg.data, dg.off, db.data, db.off);
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                                   float weightDecay, boolean decoupled, int step) {
        CpuTensor w = t(p), gr = t(g), mm = t(m), vv = t(v);
        Updates.adam(w.size(), w.data, w.off, gr.data, gr.off, mm.data, mm.off, vv.data, vv.off,
                lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }
}
