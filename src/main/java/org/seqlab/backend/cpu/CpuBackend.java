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
    private final CpuAttention attention;

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
        this.attention = new CpuAttention(reference, gemm, par);
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

    @Override public void shutdown() {
        if (par != null) par.pool().shutdown();
    }

    /** Split points of element-wise loops: a multiple of every vector length, so no element falls in a scalar tail. */
    private static final int ALIGN = 64;
    /** Split points of column ranges: one AVX-512 vector. */
    private static final int ALIGN_COLUMNS = 16;

    static CpuTensor t(Tensor x) {
        if (x instanceof CpuTensor c) return c;
        throw new IllegalArgumentException("tensor " + x + " belongs to another backend, not the CPU");
    }

    static void sameSize(Tensor a, Tensor b) {
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

    // ---- attention (in CpuAttention) ---------------------------------------------------------------

    @Override public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        attention.batchedGemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override public void splitHeads(Tensor x, int colFrom, Tensor out) { attention.splitHeads(x, colFrom, out); }

    @Override public void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        attention.mergeHeads(in, x, colFrom, accumulate);
    }

    @Override public void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        attention.maskedSoftmax(scores, scale, causal, keyLengths, probs);
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        attention.maskedSoftmaxBackward(probs, dProbs, scale, dScores);
    }

    @Override public void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        attention.additiveScores(q, k, v, hidden, scores);
    }

    @Override public void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        attention.additiveScoresBackward(hidden, v, dScores, dq, dk, dv);
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

    @Override public void svd(Tensor a, Tensor u, Tensor s, Tensor vt) { EjmlSvd.svd(a, u, s, vt); }

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
