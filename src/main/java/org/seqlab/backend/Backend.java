package org.seqlab.backend;

import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Everything a layer, loss or optimizer computes goes through these operations, so the CPU and GPU run
 * the same layer code and pass the same conformance suite. Tensors are float32, row-major; a tensor of
 * shape (d0, ..., dk) is seen by matrix operations as a (d0*...*d(k-1)) x dk matrix, so one time step of a
 * (T, B, H) buffer is the view {@code buf.slice(t)} of shape (B, H), with no copy.
 *
 * Conventions: an output tensor is overwritten unless the operation says it accumulates; gradients of
 * parameters are accumulated by layers (the training step zeroes them). Integer inputs (token ids,
 * targets) are host arrays, read from {@code off} for as many rows as the tensor has.
 */
public interface Backend {
    String name();

    /** A zero-filled tensor. */
    Tensor alloc(Shape shape);

    default Tensor alloc(int... dims) { return alloc(Shape.of(dims)); }

    default Tensor fromHost(float[] data, Shape shape) {
        Tensor t = alloc(shape);
        t.copyFromHost(data);
        return t;
    }

    /** Worker threads for large operations (1 = run on the caller only). */
    void setThreads(int n);

    int threads();

    /** Lets the backend's threads end, for a backend made but not kept; it must not be used afterwards. */
    default void shutdown() {
    }

    // ---- data-parallel training (see org.seqlab.train.DataParallel) -------------------------------------

    /**
     * How many shards a training batch is split into, each run forward and backward by its own copy of the model on
     * its own {@link #shardBackend()}, at once; 1: the batch runs whole on this backend (products split over the
     * threads instead). A fixed number, not the number of threads, so a run's numbers do not depend on the machine.
     */
    default int shards() {
        return 1;
    }

    /**
     * A backend of the same kind for one shard, with its share of this one's threads; tensors pass freely between
     * it and this backend. The caller shuts it down when done.
     */
    default Backend shardBackend() {
        throw new UnsupportedOperationException(name() + " does not split batches into shards");
    }

    /**
     * Runs body(i) for every shard i in [0, n), on this backend's threads at once where it has them; returns when
     * all are done, rethrowing the first failure. body must not use this backend's operations (its shards' only).
     */
    default void forEachShard(int n, java.util.function.IntConsumer body) {
        for (int i = 0; i < n; i++) body.accept(i);
    }

    // ---- element-wise and reductions -------------------------------------------------------------------

    void fill(Tensor x, float v);

    /** dst = src (same size). */
    void copy(Tensor src, Tensor dst);

    /** y += alpha * x. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** x *= alpha. */
    void scale(Tensor x, float alpha);

    /** out = a * b element-wise (out may alias a or b). */
    void mul(Tensor a, Tensor b, Tensor out);

    /** out = a + b, element-wise (a residual connection and its gradient); out may be a or b. */
    default void add(Tensor a, Tensor b, Tensor out) {
        if (out == b) {
            axpy(1f, a, out);
            return;
        }
        if (out != a) copy(a, out);
        axpy(1f, b, out);
    }

    /** x = min(max(x, lo), hi). */
    void clamp(Tensor x, float lo, float hi);

    /** Sum of squares, accumulated in double (for norms and gradient clipping). */
    double sumSquares(Tensor x);

    /** Sum of all elements, in double. */
    double sum(Tensor x);

    // ---- matrix products ---------------------------------------------------------------------------------

    /**
     * c = alpha * op(a) * op(b) + beta * c, where op(x) is x or its transpose. Shapes seen as matrices:
     * op(a) is M x K, op(b) is K x N, c is M x N. beta = 0 overwrites c (even NaN in c), beta = 1 accumulates.
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** out (N x M) = transpose of a (M x N). */
    void transpose(Tensor a, Tensor out);

    /** x[r, :] += bias for every row r; bias has x.cols() elements. */
    void addRowVector(Tensor x, Tensor bias);

    /** out[c] (+)= sum over rows r of x[r, c]: the gradient of a bias. */
    void sumRows(Tensor x, Tensor out, boolean accumulate);

    /** out[r, :] = [a[r, :], b[r, :]]. */
    void concatCols(Tensor a, Tensor b, Tensor out);

    /** a[r, :] (+)= in[r, :a.cols], b[r, :] (+)= in[r, a.cols:]. */
    void splitCols(Tensor in, Tensor a, Tensor b, boolean accumulate);

    // ---- activations -----------------------------------------------------------------------------------

    /** y = f(x); y may alias x except for GELU and RELU backward needing x. */
    void activation(Activation f, Tensor x, Tensor y);

    /** dx (+)= f'(x) * dy; tanh and sigmoid read y, relu and gelu read x. */
    void activationBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate);

    // ---- recurrent cells (B = rows, H = hidden) -------------------------------------------------------

    /**
     * LSTM step. gates (B, 4H) holds pre-activations in PyTorch order [i f g o] and is overwritten with the
     * activated gates (sigmoid, sigmoid, tanh, sigmoid). c = f*cPrev + i*g, h = o*tanh(c).
     */
    void lstmCell(Tensor gates, Tensor cPrev, Tensor c, Tensor h);

    /**
     * Backward of {@link #lstmCell}. dh (B, H): gradient into h. dc (B, H): on entry the gradient into c
     * from the next step, on exit the gradient into cPrev. dGates (B, 4H): gradient of the pre-activations.
     */
    void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates);

    /**
     * GRU step, PyTorch's formulation. xg (B, 3H) = x W_ih^T + b_ih and hg (B, 3H) = hPrev W_hh^T + b_hh, in
     * order [r z n]. r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r*hn), h = (1-z)*n + z*hPrev.
     * xg is overwritten with the activated [r z n]; hg is kept (backward needs hn).
     */
    void gruCell(Tensor xg, Tensor hg, Tensor hPrev, Tensor h);

    /**
     * Backward of {@link #gruCell}: dxg, dhg (B, 3H) are the gradients of the two pre-activation sums;
     * dhPrev = dh*z (overwritten; the caller adds dhg W_hh).
     */
    void gruCellBackward(Tensor xg, Tensor hg, Tensor hPrev, Tensor dh, Tensor dxg, Tensor dhg, Tensor dhPrev);

    // ---- attention (heads in a (B, H, T, d) layout; sequences are time-major (T, B, W)) ---------------

    /**
     * Products over a batch of matrices: a, b, c have rank >= 2 and the same number of matrices (the product
     * of all dimensions but the last two); matrix i of c = alpha op(a_i) op(b_i) + beta c_i as in {@link #gemm}.
     */
    void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /**
     * {@link #batchedGemm} for causal attention, whose (Tq, Tk) matrices are lower triangular: entry (i, j) is masked
     * when j > i + Tk - Tq. With transB, c is that matrix (q k^T, dO v^T) and its masked entries need not be computed
     * (they may keep any value); otherwise a is (op(a) = a or a^T: p v, dS k, p^T dO, dS^T q) and its masked entries
     * must be zero. A backend may skip the masked half; the default computes the whole product.
     */
    default void causalBatchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        batchedGemm(transA, transB, alpha, a, b, beta, c);
    }

    /** out (B, H, T, d)[b, h, t, :] = x (T, B, W)[t, b, colFrom + h*d, colFrom + (h+1)*d): heads out of a column block. */
    void splitHeads(Tensor x, int colFrom, Tensor out);

    /** x (T, B, W)[t, b, colFrom + h*d ...] (+)= in (B, H, T, d)[b, h, t, :]: the inverse and the backward of splitHeads. */
    void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate);

    /**
     * probs = softmax(scale * scores) over each row of scores (B, ..., Tq, Tk), with masked keys at probability 0:
     * with causal, query i sees keys j <= i + Tk - Tq; with keyLengths (null for none), matrices of batch element b
     * see keys j < keyLengths[b]. A row that sees no key is all zeros (PyTorch would give NaN).
     */
    void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs);

    /** Backward of {@link #maskedSoftmax}: dScores = scale * probs * (dProbs - rowsum(probs * dProbs)), overwritten. */
    void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores);

    /**
     * {@link #maskedSoftmaxBackward} of a causal softmax: dProbs' masked entries (j > i + Tk - Tq) may hold any finite value
     * (see {@link #causalBatchedGemm}); dScores gets 0 there.
     */
    default void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, boolean causal, Tensor dScores) {
        maskedSoftmaxBackward(probs, dProbs, scale, dScores);
    }

    /**
     * Bahdanau's additive scores: hidden (B, T, S, A) = tanh(q[t, b] + k[s, b]) for q (T, B, A) and k (S, B, A);
     * scores (B, T, S) (any shape of that size, e.g. (B, 1, T, S)) = hidden . v, v (A).
     */
    void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores);

    /** Backward of {@link #additiveScores}: dq and dk overwritten, dv accumulated. */
    void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv);

    // ---- decompositions ------------------------------------------------------------------------------

    /**
     * Thin singular value decomposition a (M, N) = u (M, K) diag(s) (K) vt (K, N), K = min(M, N), the singular values
     * in descending order. For count-based word vectors (a host-side analysis, not a training op): a backend
     * without one says so.
     */
    default void svd(Tensor a, Tensor u, Tensor s, Tensor vt) {
        throw new BackendException("the " + name() + " backend has no singular value decomposition; use the CPU backend");
    }

    // ---- embeddings --------------------------------------------------------------------------------------

    /** out[r, :] = table[ids[off + r], :]; a negative id gives a zero row. */
    void gather(Tensor table, int[] ids, int off, Tensor out);

    /** dTable[ids[off + r], :] += dOut[r, :] (negative ids skipped). */
    void scatterAdd(Tensor dOut, int[] ids, int off, Tensor dTable);

    /** out[r, :] = one-hot of ids[off + r] over out.cols() classes. */
    void oneHot(int[] ids, int off, Tensor out);

    // ---- losses: each returns the summed loss and writes gradScale * d(loss)/d(input) ----------------

    /**
     * Softmax over each row of logits (N, V), cross-entropy against targets[off + r]; rows whose target is
     * ignoreIndex add nothing and get a zero gradient. probs receives the softmax; dLogits (may be null)
     * receives gradScale * (probs - onehot).
     */
    double softmaxCrossEntropy(Tensor logits, int[] targets, int off, int ignoreIndex, float gradScale,
                               Tensor probs, Tensor dLogits);

    /** Sum of (pred - target)^2; dPred (may be null) = gradScale * 2 (pred - target). */
    double mse(Tensor pred, Tensor target, float gradScale, Tensor dPred);

    /** Binary cross-entropy on logits (stable form); probs = σ(logits); dLogits = gradScale * (probs - target). */
    double bceWithLogits(Tensor logits, Tensor target, float gradScale, Tensor probs, Tensor dLogits);

    // ---- normalisation and dropout ------------------------------------------------------------------

    /** y = (x - mean) * rstd * gamma + beta over the last dimension; mean and rstd (rows) are saved. */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd);

    /** dx = d/dx (overwritten); dGamma, dBeta accumulate. */
    void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                           Tensor dx, Tensor dGamma, Tensor dBeta);

    /**
     * Inverted-dropout mask: each element 0 with probability p, else 1/(1-p). Deterministic in (seed, index):
     * element i keeps iff uniform(seed, i) >= p, with uniform from {@link DropoutHash}.
     */
    void dropoutMask(Tensor mask, float p, long seed);

    // ---- optimizer updates (PyTorch's formulas) -----------------------------------------------------

    /** SGD: g += wd p; buf = g on the first step else momentum buf + (1-dampening) g; nesterov g += momentum buf. */
    void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float dampening, float weightDecay,
                 boolean nesterov, boolean firstStep);

    /** Adam (decoupled = false, wd added to g) or AdamW (decoupled = true, p *= 1 - lr wd); step counts from 1. */
    void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                  float weightDecay, boolean decoupled, int step);

    /** RMSprop (not centered): sq = alpha sq + (1-alpha) g^2; with momentum buf = momentum buf + g/(sqrt(sq)+eps). */
    void rmspropStep(Tensor p, Tensor g, Tensor sq, Tensor buf, float lr, float alpha, float eps,
                     float weightDecay, float momentum);
}
