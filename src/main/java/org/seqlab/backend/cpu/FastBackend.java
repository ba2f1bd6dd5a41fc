package org.seqlab.backend.cpu;

import static org.seqlab.backend.AttentionShapes.additive;
import static org.seqlab.backend.AttentionShapes.heads;
import static org.seqlab.backend.AttentionShapes.matrices;
import static org.seqlab.backend.AttentionShapes.rows2;

import org.seqlab.backend.Activation;
import org.seqlab.tensor.Tensor;

/**
 * The tuned CPU backend, registered as {@code cpu}: the Vector API matrix kernels ({@link VectorGemm}) and
 * vectorised cell, softmax, norm and optimizer kernels, each loop split over the worker threads of
 * {@link Parallel}. Its results match {@link ReferenceBackend} within float rounding and do not depend on the
 * number of threads.
 */
final class FastBackend extends CpuBackend {
    /** Split points of element-wise loops: a multiple of every vector length, so no element falls in a scalar tail. */
    private static final int ALIGN = 64;
    /** Split points of column ranges: one AVX-512 vector. */
    private static final int ALIGN_COLUMNS = 16;

    private final Parallel par;
    private final VectorGemm gemm;
    /** One single-thread product per part, for the per-matrix split of batchedGemm. */
    private VectorGemm[] partGemms = new VectorGemm[0];

    FastBackend(int threads) {
        super(new VectorCells());
        this.par = new Parallel(threads);
        this.gemm = new VectorGemm(par);
    }

    @Override public String name() { return "cpu"; }

    @Override public String toString() { return "cpu (" + threads() + " threads)"; }

    @Override public void setThreads(int n) { par.setThreads(n); }

    @Override public int threads() { return par.threads(); }

    @Override public void shutdown() { par.pool().shutdown(); }

    /**
     * Two shards: on two cores the benches ran faster as two half batches, each on one thread, than as one batch
     * with every product split over both threads, whose hand-offs cost and vary (medians of paired runs: GPT about
     * 15%, the 2x128 LSTM 14%, GRU and RNN 5-6%).
     */
    @Override public int shards() { return 2; }

    @Override public org.seqlab.backend.Backend shardBackend() { return new FastBackend(Math.max(1, threads() / shards())); }

    @Override public void forEachShard(int n, java.util.function.IntConsumer body) {
        par.pool().run((part, parts) -> {
            for (int i = part; i < n; i += parts) body.accept(i);
        }, n);
    }

    // ---- matrix products ----------------------------------------------------------------------------

    @Override public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        CpuTensor x = t(a), y = t(b), z = t(c);
        gemm.gemm(transA, transB, c.rows(), c.cols(), transA ? a.rows() : a.cols(), alpha, x.data, x.off, a.cols(),
                y.data, y.off, b.cols(), beta, z.data, z.off, c.cols());
    }

    /** dTable[ids[r]] += dOut[r] row by row, in row order (rows with the same id add up as on the reference). */
    @Override public void scatterAdd(Tensor dOut, int[] ids, int off, Tensor dTable) {
        int n = dOut.cols();
        CpuTensor g = t(dOut), d = t(dTable);
        for (int r = 0, rows = dOut.rows(); r < rows; r++) {
            int id = ids[off + r];
            if (id >= 0) VectorOps.axpy(n, 1f, g.data, g.off + r * n, d.data, d.off + id * n);
        }
    }

    @Override public double sumSquares(Tensor x) {
        CpuTensor a = t(x);
        return VectorOps.sumSquares(a.size(), a.data, a.off);
    }

    @Override public void addRowVector(Tensor x, Tensor bias) {
        int n = x.cols();
        CpuTensor a = t(x), b = t(bias);
        par.forRange(x.rows(), 1, 2L * x.size(), (part, from, to) ->
                VectorOps.addRowVector(to - from, n, a.data, a.off + from * n, b.data, b.off));
    }

    @Override public void sumRows(Tensor x, Tensor out, boolean accumulate) {
        int n = x.cols(), rows = x.rows();
        CpuTensor a = t(x), o = t(out);
        if (!accumulate) fill(out, 0);
        par.forRange(n, ALIGN_COLUMNS, 2L * x.size(), (part, from, to) ->
                VectorOps.sumRows(rows, n, from, to, a.data, a.off, o.data, o.off));
    }

    @Override public void transpose(Tensor a, Tensor out) {
        int m = a.rows(), n = a.cols();
        CpuTensor x = t(a), y = t(out);
        par.forRange(m, TILE_ROWS, 2L * a.size(), (part, from, to) -> transposeRows(from, to, m, n, x.data, x.off, y.data, y.off));
    }

    // ---- element-wise passes over a whole tensor (residual connections, their gradients), split over the threads ----

    @Override public void copy(Tensor src, Tensor dst) {
        CpuTensor a = t(src), b = t(dst);
        par.forRange(a.size(), ALIGN, a.size(), (part, from, to) -> System.arraycopy(a.data, a.off + from, b.data, b.off + from, to - from));
    }

    @Override public void axpy(float alpha, Tensor x, Tensor y) {
        CpuTensor a = t(x), b = t(y);
        par.forRange(a.size(), ALIGN, 2L * a.size(), (part, from, to) -> VectorOps.axpy(to - from, alpha, a.data, a.off + from, b.data, b.off + from));
    }

    @Override public void add(Tensor x, Tensor y, Tensor out) {
        CpuTensor a = t(x), b = t(y), o = t(out);
        par.forRange(a.size(), ALIGN, 2L * a.size(), (part, from, to) ->
                VectorOps.add(to - from, a.data, a.off + from, b.data, b.off + from, o.data, o.off + from));
    }

    // ---- activations --------------------------------------------------------------------------------

    @Override public void activation(Activation f, Tensor x, Tensor y) {
        CpuTensor a = t(x), b = t(y);
        int n = a.size();
        if (f == Activation.TANH || f == Activation.SIGMOID) {
            // The SRN's step (50 x 128 tanh, 2 us on one thread) splits; chunk bounds are multiples of ALIGN, so
            // only the last chunk has a scalar tail, the same elements as on one thread.
            par.forRange(n, ALIGN, 20L * n, (part, from, to) -> cells.activation(f, a.data, a.off + from, b.data, b.off + from, to - from));
            return;
        }
        if (f != Activation.GELU) {
            super.activation(f, x, y);
            return;
        }
        par.forRange(n, ALIGN, 20L * n, (part, from, to) -> GeluKernels.forward(a.data, a.off + from, b.data, b.off + from, to - from));
    }

    @Override public void activationBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate) {
        CpuTensor xs = x == null ? null : t(x), ys = y == null ? null : t(y), g = t(dy), d = t(dx);
        switch (f) {
            case GELU -> par.forRange(g.size(), ALIGN, 24L * g.size(), (part, from, to) ->
                    GeluKernels.backward(xs.data, xs.off + from, g.data, g.off + from, d.data, d.off + from, to - from, accumulate));
            case TANH, SIGMOID, NONE -> VectorOps.activationBackward(f, g.size(), ys == null ? null : ys.data,
                    ys == null ? 0 : ys.off, g.data, g.off, d.data, d.off, accumulate);
            case RELU -> activationBackwardScalar(f, x, y, dy, dx, accumulate);
        }
    }

    // ---- recurrent cells: batch rows split over the threads (each row computed alike, whoever takes it) ---------

    /**
     * Parallel's cost of a cell element: the forward evaluates five tanh (the LSTM; three for the GRU), about 40
     * operations, the backward one tanh and some twenty products. A 50 x 128 LSTM step (16 us forward on one
     * thread) so splits; the small cells of tests and toy models stay on the caller.
     */
    private static final long CELL_FORWARD_WORK = 40, CELL_BACKWARD_WORK = 20;

    @Override public void lstmCell(Tensor gates, Tensor cPrev, Tensor c, Tensor h) {
        CpuTensor g = t(gates), cp = t(cPrev), cc = t(c), hh = t(h);
        int hid = h.cols();
        par.forRange(h.rows(), 1, CELL_FORWARD_WORK * h.size(), (part, from, to) -> cells.lstmForward(to - from, hid,
                g.data, g.off + from * 4 * hid, cp.data, cp.off + from * hid, cc.data, cc.off + from * hid, hh.data, hh.off + from * hid));
    }

    @Override public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates) {
        CpuTensor g = t(gates), cp = t(cPrev), cc = t(c), dhh = t(dh), dcc = t(dc), dg = t(dGates);
        int hid = dh.cols();
        par.forRange(dh.rows(), 1, CELL_BACKWARD_WORK * dh.size(), (part, from, to) -> cells.lstmBackward(to - from, hid,
                g.data, g.off + from * 4 * hid, cp.data, cp.off + from * hid, cc.data, cc.off + from * hid,
                dhh.data, dhh.off + from * hid, dcc.data, dcc.off + from * hid, dg.data, dg.off + from * 4 * hid));
    }

    @Override public void gruCell(Tensor xg, Tensor hg, Tensor hPrev, Tensor h) {
        CpuTensor x = t(xg), y = t(hg), p = t(hPrev), o = t(h);
        int hid = h.cols();
        par.forRange(h.rows(), 1, CELL_FORWARD_WORK * h.size(), (part, from, to) -> cells.gruForward(to - from, hid,
                x.data, x.off + from * 3 * hid, y.data, y.off + from * 3 * hid, p.data, p.off + from * hid, o.data, o.off + from * hid));
    }

    @Override public void gruCellBackward(Tensor xg, Tensor hg, Tensor hPrev, Tensor dh, Tensor dxg, Tensor dhg, Tensor dhPrev) {
        CpuTensor x = t(xg), y = t(hg), p = t(hPrev), d = t(dh), dx = t(dxg), dy = t(dhg), dp = t(dhPrev);
        int hid = dh.cols();
        par.forRange(dh.rows(), 1, CELL_BACKWARD_WORK * dh.size(), (part, from, to) -> cells.gruBackward(to - from, hid,
                x.data, x.off + from * 3 * hid, y.data, y.off + from * 3 * hid, p.data, p.off + from * hid, d.data, d.off + from * hid,
                dx.data, dx.off + from * 3 * hid, dy.data, dy.off + from * 3 * hid, dp.data, dp.off + from * hid));
    }

    // ---- attention: per head the products are small (T x T x d), so matrices, not tiles, go to threads ----

    @Override public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        batched(transA, transB, alpha, a, b, beta, c, false);
    }

    /** The triangle of each matrix's product is skipped in {@link VectorGemm#gemmCausal}, tile by tile. */
    @Override public void causalBatchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        batched(transA, transB, alpha, a, b, beta, c, true);
    }

    private void batched(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c, boolean causal) {
        int n = matrices(c), m = rows2(c), nn = c.cols(), k = transA ? rows2(a) : a.cols();
        CpuTensor x = t(a), y = t(b), z = t(c);
        int sa = rows2(a) * a.cols(), sb = rows2(b) * b.cols(), sc = m * nn;
        int diag = transB ? nn - m : a.cols() - rows2(a);                   // Tk - Tq of the causal (Tq, Tk) matrix
        if (partGemms.length < par.threads()) {
            partGemms = new VectorGemm[par.threads()];
            for (int p = 0; p < partGemms.length; p++) partGemms[p] = new VectorGemm();
        }
        par.forRange(n, 1, (long) n * m * nn * k / (causal ? 2 : 1), (part, from, to) -> {
            for (int i = from; i < to; i++) {
                if (causal) {
                    partGemms[part].gemmCausal(transA, transB, m, nn, k, alpha, x.data, x.off + i * sa, a.cols(), y.data,
                            y.off + i * sb, b.cols(), beta, z.data, z.off + i * sc, nn, diag);
                } else {
                    partGemms[part].gemm(transA, transB, m, nn, k, alpha, x.data, x.off + i * sa, a.cols(), y.data, y.off + i * sb,
                            b.cols(), beta, z.data, z.off + i * sc, nn);
                }
            }
        });
    }

    @Override public void splitHeads(Tensor x, int colFrom, Tensor out) {
        int[] s = heads(x, out);
        CpuTensor a = t(x), o = t(out);
        par.forRange(s[1], 1, 2L * out.size(), (part, from, to) ->
                AttentionKernels.splitHeads(from, to, s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off));
    }

    @Override public void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        int[] s = heads(x, in);
        CpuTensor a = t(in), o = t(x);
        par.forRange(s[1], 1, 2L * in.size(), (part, from, to) -> AttentionKernels.mergeHeads(from, to, s[0], s[1], s[2], s[3],
                x.cols(), colFrom, a.data, a.off, o.data, o.off, accumulate));
    }

    @Override public void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        int tq = rows2(scores), tk = scores.cols(), groups = matrices(scores);
        int perBatch = groups == 0 ? 1 : Math.max(1, groups / scores.shape().dim(0));
        CpuTensor s = t(scores), p = t(probs);
        par.forRange(groups, 1, 8L * groups * tq * tk, (part, from, to) ->
                VectorSoftmax.softmaxRows(from, to, tq, tk, perBatch, scale, causal, keyLengths, s.data, s.off, p.data, p.off));
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        maskedSoftmaxBackward(probs, dProbs, scale, false, dScores);
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, boolean causal, Tensor dScores) {
        CpuTensor p = t(probs), g = t(dProbs), d = t(dScores);
        int tq = rows2(probs), tk = probs.cols();
        par.forRange(probs.rows(), 1, (causal ? 2L : 4L) * probs.size(), (part, from, to) ->
                VectorSoftmax.softmaxRowsBackward(from, to, tq, tk, scale, causal, p.data, p.off, g.data, g.off, d.data, d.off));
    }

    // ---- additive attention: B T S A tanh, split by batch element ----------------------------------------

    /** dv per batch element, summed over the elements in order after the split loop. */
    private float[] additiveDv = new float[0];

    @Override public void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        int[] d = additive(q, k);
        CpuTensor a = t(q), b = t(k), w = t(v), h = t(hidden), s = t(scores);
        par.forRange(d[2], 1, 30L * d[0] * d[1] * d[2] * d[3], (part, from, to) -> VectorAdditive.scores(from, to, d[0], d[1], d[2],
                d[3], a.data, a.off, b.data, b.off, w.data, w.off, h.data, h.off, s.data, s.off));
    }

    @Override public void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        int[] d = additive(dq, dk);
        int batch = d[2], width = d[3];
        CpuTensor h = t(hidden), w = t(v), g = t(dScores), a = t(dq), b = t(dk), dw = t(dv);
        if (additiveDv.length < batch * width) additiveDv = new float[batch * width];
        float[] per = additiveDv;
        par.forRange(batch, 1, 10L * d[0] * d[1] * batch * width, (part, from, to) -> VectorAdditive.scoresBackward(from, to,
                d[0], d[1], batch, width, h.data, h.off, w.data, w.off, g.data, g.off, a.data, a.off, b.data, b.off, per));
        for (int e = 0; e < batch; e++) VectorOps.axpy(width, 1f, per, e * width, dw.data, dw.off);
    }

    // ---- losses, normalisation, Adam ------------------------------------------------------------------

    /**
     * Rows of a block of the softmax loss: the blocks are split over the threads and their losses, each summed in
     * its block, are added in block order, so the total does not depend on the number of threads.
     */
    private static final int LOSS_BLOCK_ROWS = 64;
    /** Per block of the last softmax loss, its rows' loss (reused: the backend serves one thread at a time). */
    private double[] lossBlocks = new double[0];

    @Override public double softmaxCrossEntropy(Tensor logits, int[] targets, int off, int ignoreIndex, float gradScale,
                                                Tensor probs, Tensor dLogits) {
        CpuTensor l = t(logits), p = t(probs), d = dLogits == null ? null : t(dLogits);
        int rows = logits.rows(), v = logits.cols(), blocks = (rows + LOSS_BLOCK_ROWS - 1) / LOSS_BLOCK_ROWS;
        if (lossBlocks.length < blocks) lossBlocks = new double[blocks];
        double[] sums = lossBlocks;
        par.forRange(blocks, 1, 12L * rows * v, (part, from, to) -> {
            for (int b = from; b < to; b++) {
                int r0 = b * LOSS_BLOCK_ROWS, n = Math.min(LOSS_BLOCK_ROWS, rows - r0);
                sums[b] = VectorOps.softmaxCrossEntropy(n, v, l.data, l.off + r0 * v, targets, off + r0, ignoreIndex,
                        gradScale, p.data, p.off + r0 * v, d == null ? null : d.data, d == null ? 0 : d.off + r0 * v);
            }
        });
        double loss = 0;
        for (int b = 0; b < blocks; b++) loss += sums[b];
        return loss;
    }

    @Override public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        CpuTensor a = t(x), g = t(gamma), b = t(beta), o = t(y), m = t(mean), r = t(rstd);
        int n = x.cols();
        par.forRange(x.rows(), 1, 8L * x.size(), (part, from, to) -> NormKernels.forward(from, to, n, a.data, a.off, g.data, g.off,
                b.data, b.off, eps, o.data, o.off, m.data, m.off, r.data, r.off));
    }

    @Override public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                            Tensor dx, Tensor dGamma, Tensor dBeta) {
        CpuTensor d = t(dy), a = t(x), g = t(gamma), m = t(mean), r = t(rstd), o = t(dx), dg = t(dGamma), db = t(dBeta);
        int rows = x.rows(), n = x.cols();
        par.forRange(rows, 1, 10L * x.size(), (part, from, to) -> NormKernels.backwardInput(from, to, n, d.data, d.off,
                a.data, a.off, g.data, g.off, m.data, m.off, r.data, r.off, o.data, o.off));
        par.forRange(n, ALIGN_COLUMNS, 5L * x.size(), (part, from, to) -> NormKernels.backwardParams(rows, n, from, to,
                d.data, d.off, a.data, a.off, m.data, m.off, r.data, r.off, dg.data, dg.off, db.data, db.off));
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                                   float weightDecay, boolean decoupled, int step) {
        CpuTensor w = t(p), gr = t(g), mm = t(m), vv = t(v);
        par.forRange(w.size(), ALIGN, 12L * w.size(), (part, from, to) -> VectorOps.adam(to - from, w.data, w.off + from,
                gr.data, gr.off + from, mm.data, mm.off + from, vv.data, vv.off + from, lr, beta1, beta2, eps, weightDecay,
                decoupled, step));
    }
}
