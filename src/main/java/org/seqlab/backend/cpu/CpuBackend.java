package org.seqlab.backend.cpu;

import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.DropoutHash;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The CPU backend. {@link #reference()} is the plain path (EJML products, scalar loops with Math.tanh/exp),
 * the yardstick of the conformance suite; {@link #fast()} uses the Vector API matrix kernels and
 * vectorised cell kernels, split over worker threads.
 */
public final class CpuBackend implements Backend {
    private final boolean reference;
    private final Gemm gemm;
    private final VectorGemm vectorGemm;
    private final CellKernels cells;
    /** The fast path's threads (null on the reference path, which runs on the caller). */
    private final Parallel par;
    /** One single-thread product per part, for the per-matrix split of batchedGemm. */
    private VectorGemm[] partGemms = new VectorGemm[0];

    private CpuBackend(boolean reference) {
        this.reference = reference;
        if (reference) {
            this.par = null;
            this.vectorGemm = null;
            this.gemm = new EjmlGemm();
            this.cells = new CellKernels.Scalar();
        } else {
            this.par = new Parallel(Runtime.getRuntime().availableProcessors());
            this.vectorGemm = new VectorGemm(par);
            this.gemm = vectorGemm;
            this.cells = new VectorCells();
        }
    }

    /** The plain, obviously-correct path. */
    public static CpuBackend reference() { return new CpuBackend(true); }

    /** The tuned path, threads = available cores. */
    public static CpuBackend fast() { return new CpuBackend(false); }

    @Override public String name() { return reference ? "cpu-reference" : "cpu"; }

    @Override public Tensor alloc(Shape shape) { return new CpuTensor(new float[shape.size()], 0, shape); }

    @Override public void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        if (par != null) par.setThreads(n);
    }

    @Override public int threads() { return par == null ? 1 : par.threads(); }

    /** Split points of element-wise loops: a multiple of every vector length, so no element falls in a scalar tail. */
    private static final int ALIGN = 64;
    /** Split points of column ranges: one AVX-512 vector. */
    private static final int ALIGN_COLUMNS = 16;

    static CpuTensor t(Tensor x) {
        if (x instanceof CpuTensor c) return c;
        throw new IllegalArgumentException("tensor " + x + " belongs to another backend, not the CPU");
    }

    private static void sameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("size mismatch: " + a.shape() + " vs " + b.shape());
    }

    // ---- element-wise ---------------------------------------------------------------------------------

    @Override public void fill(Tensor x, float v) {
        CpuTensor a = t(x);
        java.util.Arrays.fill(a.data, a.off, a.off + a.size(), v);
    }

    @Override public void copy(Tensor src, Tensor dst) {
        sameSize(src, dst);
        CpuTensor s = t(src), d = t(dst);
        System.arraycopy(s.data, s.off, d.data, d.off, s.size());
    }

    @Override public void axpy(float alpha, Tensor x, Tensor y) {
        sameSize(x, y);
        CpuTensor a = t(x), b = t(y);
        VectorOps.axpy(a.size(), alpha, a.data, a.off, b.data, b.off);
    }

    @Override public void scale(Tensor x, float alpha) {
        CpuTensor a = t(x);
        VectorOps.scale(a.size(), alpha, a.data, a.off);
    }

    @Override public void mul(Tensor a, Tensor b, Tensor out) {
        sameSize(a, b);
        sameSize(a, out);
        CpuTensor x = t(a), y = t(b), o = t(out);
        VectorOps.mul(x.size(), x.data, x.off, y.data, y.off, o.data, o.off);
    }

    @Override public void clamp(Tensor x, float lo, float hi) {
        CpuTensor a = t(x);
        for (int i = a.off, e = a.off + a.size(); i < e; i++) a.data[i] = Math.min(Math.max(a.data[i], lo), hi);
    }

    @Override public double sumSquares(Tensor x) {
        CpuTensor a = t(x);
        double s = 0;
        for (int i = a.off, e = a.off + a.size(); i < e; i++) s += (double) a.data[i] * a.data[i];
        return s;
    }

    @Override public double sum(Tensor x) {
        CpuTensor a = t(x);
        double s = 0;
        for (int i = a.off, e = a.off + a.size(); i < e; i++) s += a.data[i];
        return s;
    }

    // ---- matrix products ----------------------------------------------------------------------------

    @Override public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows() + "x" + c.cols());
        }
        CpuTensor x = t(a), y = t(b), z = t(c);
        gemm.gemm(transA, transB, m, n, k, alpha, x.data, x.off, a.cols(), y.data, y.off, b.cols(), beta, z.data, z.off, n);
    }

    @Override public void transpose(Tensor a, Tensor out) {
        int m = a.rows(), n = a.cols();
        if (out.rows() != n || out.cols() != m) throw new IllegalArgumentException("transpose of " + a.shape() + " into " + out.shape());
        CpuTensor x = t(a), y = t(out);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) y.data[y.off + j * m + i] = x.data[x.off + i * n + j];
    }

    @Override public void addRowVector(Tensor x, Tensor bias) {
        int n = x.cols();
        if (bias.size() != n) throw new IllegalArgumentException("bias of " + bias.size() + " for rows of " + n);
        CpuTensor a = t(x), b = t(bias);
        int rows = x.rows();
        if (reference) VectorOps.addRowVector(rows, n, a.data, a.off, b.data, b.off);
        else par.forRange(rows, 1, 2L * x.size(), (part, from, to) ->
                VectorOps.addRowVector(to - from, n, a.data, a.off + from * n, b.data, b.off));
    }

    @Override public void sumRows(Tensor x, Tensor out, boolean accumulate) {
        int n = x.cols();
        if (out.size() != n) throw new IllegalArgumentException("column sums of " + x.shape() + " into " + out.shape());
        CpuTensor a = t(x), o = t(out);
        if (!accumulate) fill(out, 0);
        int rows = x.rows();
        if (reference) VectorOps.sumRows(rows, n, a.data, a.off, o.data, o.off);
        else par.forRange(n, ALIGN_COLUMNS, 2L * x.size(), (part, from, to) ->
                VectorOps.sumRows(rows, n, from, to, a.data, a.off, o.data, o.off));
    }

    @Override public void concatCols(Tensor a, Tensor b, Tensor out) {
        int na = a.cols(), nb = b.cols(), rows = out.rows();
        if (a.rows() != rows || b.rows() != rows || out.cols() != na + nb) throw new IllegalArgumentException("concat shapes");
        CpuTensor x = t(a), y = t(b), o = t(out);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x.data, x.off + r * na, o.data, o.off + r * (na + nb), na);
            System.arraycopy(y.data, y.off + r * nb, o.data, o.off + r * (na + nb) + na, nb);
        }
    }

    @Override public void splitCols(Tensor in, Tensor a, Tensor b, boolean accumulate) {
        int na = a.cols(), nb = b.cols(), rows = in.rows(), w = na + nb;
        if (a.rows() != rows || b.rows() != rows || in.cols() != w) throw new IllegalArgumentException("split shapes");
        CpuTensor s = t(in), x = t(a), y = t(b);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < na; j++) {
                float v = s.data[s.off + r * w + j];
                x.data[x.off + r * na + j] = accumulate ? x.data[x.off + r * na + j] + v : v;
            }
            for (int j = 0; j < nb; j++) {
                float v = s.data[s.off + r * w + na + j];
                y.data[y.off + r * nb + j] = accumulate ? y.data[y.off + r * nb + j] + v : v;
            }
        }
    }

    // ---- activations and cells ---------------------------------------------------------------------

    @Override public void activation(Activation f, Tensor x, Tensor y) {
        sameSize(x, y);
        CpuTensor a = t(x), b = t(y);
        if (f == Activation.GELU && !reference) {
            int n = a.size();
            par.forRange(n, ALIGN, 20L * n, (part, from, to) -> GeluKernels.forward(a.data, a.off + from, b.data, b.off + from, to - from));
        }
        else cells.activation(f, a.data, a.off, b.data, b.off, a.size());
    }

    @Override public void activationBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate) {
        sameSize(dy, dx);
        CpuTensor xs = x == null ? null : t(x), ys = y == null ? null : t(y), g = t(dy), d = t(dx);
        if (f == Activation.GELU && !reference) {
            int n = g.size();
            par.forRange(n, ALIGN, 24L * n, (part, from, to) ->
                    GeluKernels.backward(xs.data, xs.off + from, g.data, g.off + from, d.data, d.off + from, to - from, accumulate));
            return;
        }
        if (!reference && (f == Activation.TANH || f == Activation.SIGMOID || f == Activation.NONE)) {
            VectorOps.activationBackward(f, g.size(), ys == null ? null : ys.data, ys == null ? 0 : ys.off,
                    g.data, g.off, d.data, d.off, accumulate);
            return;
        }
        for (int i = 0, n = g.size(); i < n; i++) {
            float grad = g.data[g.off + i];
            float v = switch (f) {
                case NONE -> grad;
                case TANH -> { float o = ys.data[ys.off + i]; yield grad * (1 - o * o); }
                case SIGMOID -> { float o = ys.data[ys.off + i]; yield grad * o * (1 - o); }
                case RELU -> xs.data[xs.off + i] > 0 ? grad : 0f;
                case GELU -> grad * ScalarMath.geluGrad(xs.data[xs.off + i]);
            };
            d.data[d.off + i] = accumulate ? d.data[d.off + i] + v : v;
        }
    }

    @Override public void lstmCell(Tensor gates, Tensor cPrev, Tensor c, Tensor h) {
        int hid = h.cols(), rows = h.rows();
        if (gates.cols() != 4 * hid || gates.rows() != rows || c.size() != h.size() || cPrev.size() != h.size()) {
            throw new IllegalArgumentException("lstm cell shapes: gates " + gates.shape() + ", h " + h.shape());
        }
        CpuTensor g = t(gates), cp = t(cPrev), cc = t(c), hh = t(h);
        cells.lstmForward(rows, hid, g.data, g.off, cp.data, cp.off, cc.data, cc.off, hh.data, hh.off);
    }

    @Override public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates) {
        int hid = dh.cols(), rows = dh.rows();
        CpuTensor g = t(gates), cp = t(cPrev), cc = t(c), dhh = t(dh), dcc = t(dc), dg = t(dGates);
        cells.lstmBackward(rows, hid, g.data, g.off, cp.data, cp.off, cc.data, cc.off, dhh.data, dhh.off,
                dcc.data, dcc.off, dg.data, dg.off);
    }

    @Override public void gruCell(Tensor xg, Tensor hg, Tensor hPrev, Tensor h) {
        int hid = h.cols(), rows = h.rows();
        if (xg.cols() != 3 * hid || hg.cols() != 3 * hid || xg.rows() != rows || hPrev.size() != h.size()) {
            throw new IllegalArgumentException("gru cell shapes: xg " + xg.shape() + ", h " + h.shape());
        }
        CpuTensor x = t(xg), y = t(hg), p = t(hPrev), o = t(h);
        cells.gruForward(rows, hid, x.data, x.off, y.data, y.off, p.data, p.off, o.data, o.off);
    }

    @Override public void gruCellBackward(Tensor xg, Tensor hg, Tensor hPrev, Tensor dh, Tensor dxg, Tensor dhg, Tensor dhPrev) {
        int hid = dh.cols(), rows = dh.rows();
        CpuTensor x = t(xg), y = t(hg), p = t(hPrev), d = t(dh), dx = t(dxg), dy = t(dhg), dp = t(dhPrev);
        cells.gruBackward(rows, hid, x.data, x.off, y.data, y.off, p.data, p.off, d.data, d.off,
                dx.data, dx.off, dy.data, dy.off, dp.data, dp.off);
    }

    // ---- attention (kernels in AttentionKernels) ----------------------------------------------------

    @Override public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
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

    /** Rows of one matrix of a batch: the next-to-last dimension. */
    private static int rows2(Tensor x) { return x.shape().rank() < 2 ? 1 : x.shape().dim(-2); }

    private static int matrices(Tensor x) { return x.size() == 0 ? 0 : x.size() / (rows2(x) * x.cols()); }

    @Override public void splitHeads(Tensor x, int colFrom, Tensor out) {
        int[] s = headShape(x, colFrom, out);
        CpuTensor a = t(x), o = t(out);
        if (reference) AttentionKernels.splitHeads(s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off);
        else par.forRange(s[1], 1, 2L * out.size(), (part, from, to) ->
                AttentionKernels.splitHeads(from, to, s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off));
    }

    @Override public void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        int[] s = headShape(x, colFrom, in);
        CpuTensor a = t(in), o = t(x);
        if (reference) AttentionKernels.mergeHeads(s[0], s[1], s[2], s[3], x.cols(), colFrom, a.data, a.off, o.data, o.off, accumulate);
        else par.forRange(s[1], 1, 2L * in.size(), (part, from, to) -> AttentionKernels.mergeHeads(from, to, s[0], s[1], s[2], s[3],
                x.cols(), colFrom, a.data, a.off, o.data, o.off, accumulate));
    }

    /** (T, B, H, d) after checking that x is (T, B, W) and heads (B, H, T, d) fits columns [colFrom, colFrom + H d). */
    private static int[] headShape(Tensor x, int colFrom, Tensor heads) {
        if (x.shape().rank() != 3 || heads.shape().rank() != 4) {
            throw new IllegalArgumentException("heads need a (T, B, W) sequence and a (B, H, T, d) tensor, got " + x.shape() + " and " + heads.shape());
        }
        int steps = x.shape().dim(0), batch = x.shape().dim(1), h = heads.shape().dim(1), d = heads.shape().dim(3);
        if (heads.shape().dim(0) != batch || heads.shape().dim(2) != steps || colFrom < 0 || colFrom + h * d > x.cols()) {
            throw new IllegalArgumentException("heads " + heads.shape() + " at column " + colFrom + " do not fit the sequence " + x.shape());
        }
        return new int[] {steps, batch, h, d};
    }

    @Override public void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        sameSize(scores, probs);
        int tq = rows2(scores), tk = scores.cols(), groups = matrices(scores);
        int perBatch = groups == 0 ? 1 : groups / scores.shape().dim(0);
        if (keyLengths != null && keyLengths.length < scores.shape().dim(0)) {
            throw new IllegalArgumentException(keyLengths.length + " key lengths for a batch of " + scores.shape().dim(0));
        }
        CpuTensor s = t(scores), p = t(probs);
        if (reference) AttentionKernels.softmaxRows(groups, tq, tk, Math.max(1, perBatch), scale, causal, keyLengths, s.data, s.off, p.data, p.off);
        else par.forRange(groups, 1, 8L * groups * tq * tk, (part, from, to) ->
                VectorSoftmax.softmaxRows(from, to, tq, tk, Math.max(1, perBatch), scale, causal, keyLengths, s.data, s.off, p.data, p.off));
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        sameSize(probs, dProbs);
        sameSize(probs, dScores);
        CpuTensor p = t(probs), g = t(dProbs), d = t(dScores);
        if (reference) AttentionKernels.softmaxRowsBackward(probs.rows(), probs.cols(), scale, p.data, p.off, g.data, g.off, d.data, d.off);
        else par.forRange(probs.rows(), 1, 4L * probs.size(), (part, from, to) ->
                VectorSoftmax.softmaxRowsBackward(from, to, probs.cols(), scale, p.data, p.off, g.data, g.off, d.data, d.off));
    }

    @Override public void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        int[] d = additiveShape(q, k, v, hidden, scores);
        CpuTensor a = t(q), b = t(k), w = t(v), h = t(hidden), s = t(scores);
        AttentionKernels.additiveScores(d[0], d[1], d[2], d[3], a.data, a.off, b.data, b.off, w.data, w.off, h.data, h.off, s.data, s.off);
    }

    @Override public void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        int[] d = additiveShape(dq, dk, v, hidden, dScores);
        CpuTensor h = t(hidden), w = t(v), g = t(dScores), a = t(dq), b = t(dk), dw = t(dv);
        AttentionKernels.additiveScoresBackward(d[0], d[1], d[2], d[3], h.data, h.off, w.data, w.off, g.data, g.off,
                a.data, a.off, b.data, b.off, dw.data, dw.off);
    }

    /** (T, S, B, A) after checking q (T, B, A), k (S, B, A), v (A), hidden (B, T, S, A), scores of B*T*S elements. */
    private static int[] additiveShape(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        if (q.shape().rank() != 3 || k.shape().rank() != 3) throw new IllegalArgumentException("additive scores need (T, B, A) and (S, B, A), got " + q.shape() + " and " + k.shape());
        int steps = q.shape().dim(0), batch = q.shape().dim(1), a = q.cols(), src = k.shape().dim(0);
        if (k.shape().dim(1) != batch || k.cols() != a || v.size() != a || hidden.size() != batch * steps * src * a
                || scores.size() != batch * steps * src) {
            throw new IllegalArgumentException("additive scores shapes: q " + q.shape() + ", k " + k.shape() + ", v " + v.shape()
                    + ", hidden " + hidden.shape() + ", scores " + scores.shape());
        }
        return new int[] {steps, src, batch, a};
    }

    // ---- embeddings --------------------------------------------------------------------------------

    @Override public void gather(Tensor table, int[] ids, int off, Tensor out) {
        int n = out.cols(), vocab = table.rows();
        if (table.cols() != n) throw new IllegalArgumentException("gather of width " + table.cols() + " into " + out.shape());
        CpuTensor tb = t(table), o = t(out);
        for (int r = 0, rows = out.rows(); r < rows; r++) {
            int id = ids[off + r];
            if (id >= vocab) throw new IllegalArgumentException("token id " + id + " outside a vocabulary of " + vocab);
            if (id < 0) java.util.Arrays.fill(o.data, o.off + r * n, o.off + r * n + n, 0f);
            else System.arraycopy(tb.data, tb.off + id * n, o.data, o.off + r * n, n);
        }
    }

    @Override public void scatterAdd(Tensor dOut, int[] ids, int off, Tensor dTable) {
        int n = dOut.cols();
        CpuTensor g = t(dOut), d = t(dTable);
        for (int r = 0, rows = dOut.rows(); r < rows; r++) {
            int id = ids[off + r];
            if (id < 0) continue;
            int src = g.off + r * n, dst = d.off + id * n;
            for (int j = 0; j < n; j++) d.data[dst + j] += g.data[src + j];
        }
    }

    @Override public void oneHot(int[] ids, int off, Tensor out) {
        fill(out, 0);
        CpuTensor o = t(out);
        int n = out.cols();
        for (int r = 0, rows = out.rows(); r < rows; r++) {
            int id = ids[off + r];
            if (id >= n) throw new IllegalArgumentException("token id " + id + " outside a one-hot width of " + n);
            if (id >= 0) o.data[o.off + r * n + id] = 1f;
        }
    }

    // ---- losses, normalisation, dropout, optimizers --------------------------------------------------

    @Override public double softmaxCrossEntropy(Tensor logits, int[] targets, int off, int ignoreIndex, float gradScale,
                                                Tensor probs, Tensor dLogits) {
        CpuTensor d = dLogits == null ? null : t(dLogits);
        CpuTensor l = t(logits), p = t(probs);
        if (reference) {
            return Losses.softmaxCrossEntropy(logits.rows(), logits.cols(), l.data, l.off, targets, off, ignoreIndex,
                    gradScale, p.data, p.off, d == null ? null : d.data, d == null ? 0 : d.off);
        }
        return VectorOps.softmaxCrossEntropy(logits.rows(), logits.cols(), l.data, l.off, targets, off, ignoreIndex,
                gradScale, p.data, p.off, d == null ? null : d.data, d == null ? 0 : d.off);
    }

    @Override public double mse(Tensor pred, Tensor target, float gradScale, Tensor dPred) {
        sameSize(pred, target);
        CpuTensor a = t(pred), b = t(target), d = dPred == null ? null : t(dPred);
        double s = 0;
        for (int i = 0, n = a.size(); i < n; i++) {
            float diff = a.data[a.off + i] - b.data[b.off + i];
            s += (double) diff * diff;
            if (d != null) d.data[d.off + i] = gradScale * 2 * diff;
        }
        return s;
    }

    @Override public double bceWithLogits(Tensor logits, Tensor target, float gradScale, Tensor probs, Tensor dLogits) {
        sameSize(logits, target);
        CpuTensor a = t(logits), b = t(target), p = t(probs), d = dLogits == null ? null : t(dLogits);
        double s = 0;
        for (int i = 0, n = a.size(); i < n; i++) {
            float x = a.data[a.off + i], y = b.data[b.off + i];
            s += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
            float pr = (float) (1 / (1 + Math.exp(-x)));
            p.data[p.off + i] = pr;
            if (d != null) d.data[d.off + i] = gradScale * (pr - y);
        }
        return s;
    }

    @Override public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        CpuTensor a = t(x), g = t(gamma), b = t(beta), o = t(y), m = t(mean), r = t(rstd);
        int rows = x.rows(), n = x.cols();
        if (reference) {
            Losses.layerNorm(rows, n, a.data, a.off, g.data, g.off, b.data, b.off, eps, o.data, o.off, m.data, m.off, r.data, r.off);
            return;
        }
        par.forRange(rows, 1, 8L * x.size(), (part, from, to) -> NormKernels.forward(from, to, n, a.data, a.off, g.data, g.off,
                b.data, b.off, eps, o.data, o.off, m.data, m.off, r.data, r.off));
    }

    @Override public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                            Tensor dx, Tensor dGamma, Tensor dBeta) {
        CpuTensor d = t(dy), a = t(x), g = t(gamma), m = t(mean), r = t(rstd), o = t(dx), dg = t(dGamma), db = t(dBeta);
        int rows = x.rows(), n = x.cols();
        if (reference) {
            Losses.layerNormBackward(rows, n, d.data, d.off, a.data, a.off, g.data, g.off, m.data, m.off,
                    r.data, r.off, o.data, o.off, dg.data, dg.off, db.data, db.off);
            return;
        }
        par.forRange(rows, 1, 10L * x.size(), (part, from, to) -> NormKernels.backwardInput(from, to, n, d.data, d.off,
                a.data, a.off, g.data, g.off, m.data, m.off, r.data, r.off, o.data, o.off));
        par.forRange(n, ALIGN_COLUMNS, 5L * x.size(), (part, from, to) -> NormKernels.backwardParams(rows, n, from, to,
                d.data, d.off, a.data, a.off, m.data, m.off, r.data, r.off, dg.data, dg.off, db.data, db.off));
    }

    @Override public void dropoutMask(Tensor mask, float p, long seed) {
        CpuTensor m = t(mask);
        float keep = p >= 1 ? 0f : 1f / (1 - p);
        for (int i = 0, n = m.size(); i < n; i++) m.data[m.off + i] = DropoutHash.uniform(seed, i) >= p ? keep : 0f;
    }

    @Override public void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float dampening,
                                  float weightDecay, boolean nesterov, boolean firstStep) {
        CpuTensor w = t(p), gr = t(g), b = buf == null ? null : t(buf);
        Updates.sgd(w.size(), w.data, w.off, gr.data, gr.off, b == null ? null : b.data, b == null ? 0 : b.off,
                lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                                   float weightDecay, boolean decoupled, int step) {
        CpuTensor w = t(p), gr = t(g), mm = t(m), vv = t(v);
        if (reference) {
            Updates.adam(w.size(), w.data, w.off, gr.data, gr.off, mm.data, mm.off, vv.data, vv.off,
                    lr, beta1, beta2, eps, weightDecay, decoupled, step);
        } else {
            par.forRange(w.size(), ALIGN, 12L * w.size(), (part, from, to) -> VectorOps.adam(to - from, w.data, w.off + from,
                    gr.data, gr.off + from, mm.data, mm.off + from, vv.data, vv.off + from, lr, beta1, beta2, eps, weightDecay,
                    decoupled, step));
        }
    }

    @Override public void rmspropStep(Tensor p, Tensor g, Tensor sq, Tensor buf, float lr, float alpha, float eps,
                                      float weightDecay, float momentum) {
        CpuTensor w = t(p), gr = t(g), s = t(sq), b = buf == null ? null : t(buf);
        Updates.rmsprop(w.size(), w.data, w.off, gr.data, gr.off, s.data, s.off, b == null ? null : b.data, b == null ? 0 : b.off,
                lr, alpha, eps, weightDecay, momentum);
    }
}
