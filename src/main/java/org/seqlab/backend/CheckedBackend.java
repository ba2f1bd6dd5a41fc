package org.seqlab.backend;

import static org.seqlab.backend.AttentionShapes.matrices;
import static org.seqlab.backend.AttentionShapes.rows2;

import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The argument checks of every {@link Backend} operation, written once: each call is checked (shapes, sizes, token
 * ids against the vocabulary, buffers an option needs) and then handed to the backend, which may trust its
 * arguments. {@link Backends} wraps every backend it opens, so the CPU and GPU backends raise the same
 * IllegalArgumentException with the same message, before any work (or launch) starts.
 */
public final class CheckedBackend implements Backend {
    private final Backend inner;

    private CheckedBackend(Backend inner) { this.inner = inner; }

    /** The backend with its arguments checked (a checked backend is returned as it is). */
    public static Backend of(Backend b) { return b instanceof CheckedBackend ? b : new CheckedBackend(b); }

    @Override public String name() { return inner.name(); }

    @Override public String toString() { return inner.toString(); }

    @Override public Tensor alloc(Shape shape) { return inner.alloc(shape); }

    @Override public void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        inner.setThreads(n);
    }

    @Override public int threads() { return inner.threads(); }

    @Override public void shutdown() { inner.shutdown(); }

    @Override public int shards() { return inner.shards(); }

    @Override public Backend shardBackend() { return of(inner.shardBackend()); }

    @Override public void forEachShard(int n, java.util.function.IntConsumer body) { inner.forEachShard(n, body); }

    // ---- the checks ---------------------------------------------------------------------------------------

    private static void sameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("size mismatch: " + a.shape() + " vs " + b.shape());
    }

    private static void ids(int[] ids, int off, int rows, int limit, String what) {
        for (int r = 0; r < rows; r++) {
            int id = ids[off + r];
            if (id >= limit) throw new IllegalArgumentException("token id " + id + " outside " + what + " of " + limit);
        }
    }

    /** x (T, B, W) and heads (B, H, T, d) at columns [colFrom, colFrom + H d). */
    private static void heads(Tensor x, int colFrom, Tensor heads) {
        if (x.shape().rank() != 3 || heads.shape().rank() != 4) {
            throw new IllegalArgumentException("heads need a (T, B, W) sequence and a (B, H, T, d) tensor, got " + x.shape()
                    + " and " + heads.shape());
        }
        int steps = x.shape().dim(0), batch = x.shape().dim(1), h = heads.shape().dim(1), d = heads.shape().dim(3);
        if (heads.shape().dim(0) != batch || heads.shape().dim(2) != steps || colFrom < 0 || colFrom + h * d > x.cols()) {
            throw new IllegalArgumentException("heads " + heads.shape() + " at column " + colFrom + " do not fit the sequence "
                    + x.shape());
        }
    }

    /** q (T, B, A), k (S, B, A), v (A), hidden (B, T, S, A), scores of B*T*S elements. */
    private static void additive(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        if (q.shape().rank() != 3 || k.shape().rank() != 3) {
            throw new IllegalArgumentException("additive scores need (T, B, A) and (S, B, A), got " + q.shape() + " and " + k.shape());
        }
        int steps = q.shape().dim(0), batch = q.shape().dim(1), a = q.cols(), src = k.shape().dim(0);
        if (k.shape().dim(1) != batch || k.cols() != a || v.size() != a || hidden.size() != batch * steps * src * a
                || scores.size() != batch * steps * src) {
            throw new IllegalArgumentException("additive scores shapes: q " + q.shape() + ", k " + k.shape() + ", v " + v.shape()
                    + ", hidden " + hidden.shape() + ", scores " + scores.shape());
        }
    }

    // ---- element-wise and reductions ----------------------------------------------------------------------

    @Override public void fill(Tensor x, float v) { inner.fill(x, v); }

    @Override public void copy(Tensor src, Tensor dst) {
        sameSize(src, dst);
        inner.copy(src, dst);
    }

    @Override public void axpy(float alpha, Tensor x, Tensor y) {
        sameSize(x, y);
        inner.axpy(alpha, x, y);
    }

    @Override public void scale(Tensor x, float alpha) { inner.scale(x, alpha); }

    @Override public void mul(Tensor a, Tensor b, Tensor out) {
        sameSize(a, b);
        sameSize(a, out);
        inner.mul(a, b, out);
    }

    @Override public void add(Tensor a, Tensor b, Tensor out) {
        sameSize(a, b);
        sameSize(a, out);
        inner.add(a, b, out);
    }

    @Override public void clamp(Tensor x, float lo, float hi) { inner.clamp(x, lo, hi); }

    @Override public double sumSquares(Tensor x) { return inner.sumSquares(x); }

    @Override public double sum(Tensor x) { return inner.sum(x); }

    // ---- matrix products --------------------------------------------------------------------------------

    @Override public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows() + "x" + c.cols());
        }
        inner.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override public void transpose(Tensor a, Tensor out) {
        if (out.rows() != a.cols() || out.cols() != a.rows()) {
            throw new IllegalArgumentException("transpose of " + a.shape() + " into " + out.shape());
        }
        inner.transpose(a, out);
    }

    @Override public void addRowVector(Tensor x, Tensor bias) {
        if (bias.size() != x.cols()) throw new IllegalArgumentException("bias of " + bias.size() + " for rows of " + x.cols());
        inner.addRowVector(x, bias);
    }

    @Override public void sumRows(Tensor x, Tensor out, boolean accumulate) {
        if (out.size() != x.cols()) throw new IllegalArgumentException("column sums of " + x.shape() + " into " + out.shape());
        inner.sumRows(x, out, accumulate);
    }

    @Override public void concatCols(Tensor a, Tensor b, Tensor out) {
        int rows = out.rows();
        if (a.rows() != rows || b.rows() != rows || out.cols() != a.cols() + b.cols()) {
            throw new IllegalArgumentException("concat shapes: " + a.shape() + " and " + b.shape() + " into " + out.shape());
        }
        inner.concatCols(a, b, out);
    }

    @Override public void splitCols(Tensor in, Tensor a, Tensor b, boolean accumulate) {
        int rows = in.rows();
        if (a.rows() != rows || b.rows() != rows || in.cols() != a.cols() + b.cols()) {
            throw new IllegalArgumentException("split shapes: " + in.shape() + " into " + a.shape() + " and " + b.shape());
        }
        inner.splitCols(in, a, b, accumulate);
    }

    // ---- activations and cells ----------------------------------------------------------------------------

    @Override public void activation(Activation f, Tensor x, Tensor y) {
        sameSize(x, y);
        inner.activation(f, x, y);
    }

    @Override public void activationBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate) {
        sameSize(dy, dx);
        boolean needsY = f == Activation.TANH || f == Activation.SIGMOID, needsX = f == Activation.RELU || f == Activation.GELU;
        if ((needsY && y == null) || (needsX && x == null)) {
            throw new IllegalArgumentException(f.word() + " backward needs " + (needsY ? "y" : "x"));
        }
        if (needsY) sameSize(y, dy);
        if (needsX) sameSize(x, dy);
        inner.activationBackward(f, x, y, dy, dx, accumulate);
    }

    @Override public void lstmCell(Tensor gates, Tensor cPrev, Tensor c, Tensor h) {
        if (gates.cols() != 4 * h.cols() || gates.rows() != h.rows() || c.size() != h.size() || cPrev.size() != h.size()) {
            throw new IllegalArgumentException("lstm cell shapes: gates " + gates.shape() + ", h " + h.shape());
        }
        inner.lstmCell(gates, cPrev, c, h);
    }

    @Override public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates) {
        if (gates.cols() != 4 * dh.cols() || gates.size() != 4 * dh.size() || dGates.size() != gates.size()
                || dc.size() != dh.size() || c.size() != dh.size() || cPrev.size() != dh.size()) {
            throw new IllegalArgumentException("lstm backward shapes: gates " + gates.shape() + ", dh " + dh.shape());
        }
        inner.lstmCellBackward(gates, cPrev, c, dh, dc, dGates);
    }

    @Override public void gruCell(Tensor xg, Tensor hg, Tensor hPrev, Tensor h) {
        if (xg.cols() != 3 * h.cols() || hg.cols() != 3 * h.cols() || xg.rows() != h.rows() || hg.rows() != h.rows()
                || hPrev.size() != h.size()) {
            throw new IllegalArgumentException("gru cell shapes: xg " + xg.shape() + ", h " + h.shape());
        }
        inner.gruCell(xg, hg, hPrev, h);
    }

    @Override public void gruCellBackward(Tensor xg, Tensor hg, Tensor hPrev, Tensor dh, Tensor dxg, Tensor dhg, Tensor dhPrev) {
        if (xg.cols() != 3 * dh.cols() || xg.size() != 3 * dh.size() || hg.size() != xg.size() || dxg.size() != xg.size()
                || dhg.size() != xg.size() || hPrev.size() != dh.size() || dhPrev.size() != dh.size()) {
            throw new IllegalArgumentException("gru backward shapes: xg " + xg.shape() + ", dh " + dh.shape());
        }
        inner.gruCellBackward(xg, hg, hPrev, dh, dxg, dhg, dhPrev);
    }

    // ---- attention --------------------------------------------------------------------------------------

    @Override public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        batchedShapes(transA, transB, a, b, c);
        inner.batchedGemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override public void causalBatchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        batchedShapes(transA, transB, a, b, c);
        if (transA && transB) throw new IllegalArgumentException("a causal product has op(a) = a^T or op(b) = b^T, not both");
        inner.causalBatchedGemm(transA, transB, alpha, a, b, beta, c);
    }

    private static void batchedShapes(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int n = matrices(c), m = transA ? a.cols() : rows2(a), k = transA ? rows2(a) : a.cols();
        int kb = transB ? b.cols() : rows2(b), nn = transB ? rows2(b) : b.cols();
        if (matrices(a) != n || matrices(b) != n || k != kb || rows2(c) != m || c.cols() != nn) {
            throw new IllegalArgumentException("batched gemm shapes do not fit: A " + a.shape() + (transA ? "^T" : "")
                    + ", B " + b.shape() + (transB ? "^T" : "") + ", C " + c.shape());
        }
    }

    @Override public void splitHeads(Tensor x, int colFrom, Tensor out) {
        heads(x, colFrom, out);
        inner.splitHeads(x, colFrom, out);
    }

    @Override public void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        heads(x, colFrom, in);
        inner.mergeHeads(in, x, colFrom, accumulate);
    }

    @Override public void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        sameSize(scores, probs);
        if (keyLengths != null && scores.size() > 0 && keyLengths.length < scores.shape().dim(0)) {
            throw new IllegalArgumentException(keyLengths.length + " key lengths for a batch of " + scores.shape().dim(0));
        }
        inner.maskedSoftmax(scores, scale, causal, keyLengths, probs);
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        sameSize(probs, dProbs);
        sameSize(probs, dScores);
        inner.maskedSoftmaxBackward(probs, dProbs, scale, dScores);
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, boolean causal, Tensor dScores) {
        sameSize(probs, dProbs);
        sameSize(probs, dScores);
        inner.maskedSoftmaxBackward(probs, dProbs, scale, causal, dScores);
    }

    @Override public void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        additive(q, k, v, hidden, scores);
        inner.additiveScores(q, k, v, hidden, scores);
    }

    @Override public void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        additive(dq, dk, v, hidden, dScores);
        if (dv.size() != dq.cols()) throw new IllegalArgumentException("dv of " + dv.shape() + " for an attention width of " + dq.cols());
        inner.additiveScoresBackward(hidden, v, dScores, dq, dk, dv);
    }

    // ---- decompositions ---------------------------------------------------------------------------------

    @Override public void svd(Tensor a, Tensor u, Tensor s, Tensor vt) {
        int m = a.rows(), n = a.cols(), k = Math.min(m, n);
        if (u.rows() != m || u.cols() != k || s.size() != k || vt.rows() != k || vt.cols() != n) {
            throw new IllegalArgumentException("svd of " + a.shape() + " needs u (" + m + ", " + k + "), s (" + k + "), vt ("
                    + k + ", " + n + "); got " + u.shape() + ", " + s.shape() + ", " + vt.shape());
        }
        inner.svd(a, u, s, vt);
    }

    // ---- embeddings -------------------------------------------------------------------------------------

    @Override public void gather(Tensor table, int[] ids, int off, Tensor out) {
        if (table.cols() != out.cols()) throw new IllegalArgumentException("gather of width " + table.cols() + " into " + out.shape());
        ids(ids, off, out.rows(), table.rows(), "a vocabulary");
        inner.gather(table, ids, off, out);
    }

    @Override public void scatterAdd(Tensor dOut, int[] ids, int off, Tensor dTable) {
        if (dTable.cols() != dOut.cols()) throw new IllegalArgumentException("scatterAdd of width " + dOut.cols() + " into " + dTable.shape());
        ids(ids, off, dOut.rows(), dTable.rows(), "a vocabulary");
        inner.scatterAdd(dOut, ids, off, dTable);
    }

    @Override public void oneHot(int[] ids, int off, Tensor out) {
        ids(ids, off, out.rows(), out.cols(), "a one-hot width");
        inner.oneHot(ids, off, out);
    }

    // ---- losses -----------------------------------------------------------------------------------------

    @Override public double softmaxCrossEntropy(Tensor logits, int[] targets, int off, int ignoreIndex, float gradScale,
                                                Tensor probs, Tensor dLogits) {
        sameSize(logits, probs);
        if (dLogits != null) sameSize(logits, dLogits);
        int v = logits.cols();
        for (int r = 0, rows = logits.rows(); r < rows; r++) {
            int target = targets[off + r];
            if (target != ignoreIndex && (target < 0 || target >= v)) {
                throw new IllegalArgumentException("target " + target + " outside " + v + " classes");
            }
        }
        return inner.softmaxCrossEntropy(logits, targets, off, ignoreIndex, gradScale, probs, dLogits);
    }

    @Override public double mse(Tensor pred, Tensor target, float gradScale, Tensor dPred) {
        sameSize(pred, target);
        if (dPred != null) sameSize(pred, dPred);
        return inner.mse(pred, target, gradScale, dPred);
    }

    @Override public double bceWithLogits(Tensor logits, Tensor target, float gradScale, Tensor probs, Tensor dLogits) {
        sameSize(logits, target);
        sameSize(logits, probs);
        if (dLogits != null) sameSize(logits, dLogits);
        return inner.bceWithLogits(logits, target, gradScale, probs, dLogits);
    }

    // ---- normalisation and dropout ----------------------------------------------------------------------

    @Override public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        int rows = x.rows(), n = x.cols();
        sameSize(x, y);
        if (gamma.size() != n || beta.size() != n || mean.size() != rows || rstd.size() != rows) {
            throw new IllegalArgumentException("layer norm shapes: x " + x.shape() + ", gamma " + gamma.shape() + ", mean " + mean.shape());
        }
        inner.layerNorm(x, gamma, beta, eps, y, mean, rstd);
    }

    @Override public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                            Tensor dx, Tensor dGamma, Tensor dBeta) {
        int rows = x.rows(), n = x.cols();
        sameSize(x, dy);
        sameSize(x, dx);
        if (gamma.size() != n || dGamma.size() != n || dBeta.size() != n || mean.size() != rows || rstd.size() != rows) {
            throw new IllegalArgumentException("layer norm backward shapes: x " + x.shape() + ", gamma " + gamma.shape());
        }
        inner.layerNormBackward(dy, x, gamma, mean, rstd, dx, dGamma, dBeta);
    }

    @Override public void dropoutMask(Tensor mask, float p, long seed) { inner.dropoutMask(mask, p, seed); }

    // ---- optimizer updates ------------------------------------------------------------------------------

    @Override public void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float dampening,
                                  float weightDecay, boolean nesterov, boolean firstStep) {
        sameSize(p, g);
        if (momentum != 0 && (buf == null || buf.size() != p.size())) {
            throw new IllegalArgumentException("sgd with momentum needs a buffer of " + p.shape());
        }
        inner.sgdStep(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                                   float weightDecay, boolean decoupled, int step) {
        sameSize(p, g);
        sameSize(p, m);
        sameSize(p, v);
        if (step < 1) throw new IllegalArgumentException("adam steps count from 1, got " + step);
        inner.adamStep(p, g, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    @Override public void rmspropStep(Tensor p, Tensor g, Tensor sq, Tensor buf, float lr, float alpha, float eps,
                                      float weightDecay, float momentum) {
        sameSize(p, g);
        sameSize(p, sq);
        if (momentum > 0 && (buf == null || buf.size() != p.size())) {
            throw new IllegalArgumentException("rmsprop with momentum needs a buffer of " + p.shape());
        }
        inner.rmspropStep(p, g, sq, buf, lr, alpha, eps, weightDecay, momentum);
    }
}
