package org.seqlab.backend.cpu;

import static org.seqlab.backend.AttentionShapes.additive;

import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.DropoutHash;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * What the two CPU backends share: tensors on the Java heap, and the operations whose one plain loop is already
 * as good as it gets (copies, embeddings, element-wise losses, SGD and RMSprop). {@link ReferenceBackend} adds
 * EJML products and scalar kernels, {@link FastBackend} the Vector API kernels split over threads. Arguments
 * arrive checked ({@link org.seqlab.backend.CheckedBackend}); an instance serves one thread at a time.
 */
abstract class CpuBackend implements Backend {
    /** Fused recurrent-cell and activation kernels: scalar on the reference, vectorised on the fast path. */
    protected final CellKernels cells;

    CpuBackend(CellKernels cells) { this.cells = cells; }

    @Override public Tensor alloc(Shape shape) { return new CpuTensor(new float[shape.size()], 0, shape); }

    static CpuTensor t(Tensor x) {
        if (x instanceof CpuTensor c) return c;
        throw new IllegalArgumentException("tensor " + x + " belongs to another backend, not the CPU");
    }

    // ---- element-wise ---------------------------------------------------------------------------------

    @Override public void fill(Tensor x, float v) {
        CpuTensor a = t(x);
        java.util.Arrays.fill(a.data, a.off, a.off + a.size(), v);
    }

    @Override public void copy(Tensor src, Tensor dst) {
        CpuTensor s = t(src), d = t(dst);
        System.arraycopy(s.data, s.off, d.data, d.off, s.size());
    }

    @Override public void axpy(float alpha, Tensor x, Tensor y) {
        CpuTensor a = t(x), b = t(y);
        VectorOps.axpy(a.size(), alpha, a.data, a.off, b.data, b.off);
    }

    @Override public void scale(Tensor x, float alpha) {
        CpuTensor a = t(x);
        VectorOps.scale(a.size(), alpha, a.data, a.off);
    }

    @Override public void mul(Tensor a, Tensor b, Tensor out) {
        CpuTensor x = t(a), y = t(b), o = t(out);
        VectorOps.mul(x.size(), x.data, x.off, y.data, y.off, o.data, o.off);
    }

    @Override public void add(Tensor a, Tensor b, Tensor out) {
        CpuTensor x = t(a), y = t(b), o = t(out);
        VectorOps.add(x.size(), x.data, x.off, y.data, y.off, o.data, o.off);
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

    // ---- layout -------------------------------------------------------------------------------------

    @Override public void transpose(Tensor a, Tensor out) {
        CpuTensor x = t(a), y = t(out);
        transposeRows(0, a.rows(), a.rows(), a.cols(), x.data, x.off, y.data, y.off);
    }

    /**
     * Tiles of a transpose: 16 source rows (16 cache lines, which stay in L1 even when a power-of-two row length maps
     * them all to the same two sets) by 64 columns, written out as contiguous runs of 16.
     */
    static final int TILE_ROWS = 16, TILE_COLS = 64;

    /**
     * Rows [from, to) of x (m x n) into columns [from, to) of y (n x m), tile by tile: an element-by-element
     * transpose writes one float per cache line (LSTM's 2048 x 512 recurrent weights took several ms each forward).
     */
    static void transposeRows(int from, int to, int m, int n, float[] x, int xo, float[] y, int yo) {
        for (int i0 = from; i0 < to; i0 += TILE_ROWS) {
            int i1 = Math.min(to, i0 + TILE_ROWS);
            for (int j0 = 0; j0 < n; j0 += TILE_COLS) {
                int j1 = Math.min(n, j0 + TILE_COLS);
                for (int j = j0; j < j1; j++) {
                    int dst = yo + j * m;
                    for (int i = i0; i < i1; i++) y[dst + i] = x[xo + i * n + j];
                }
            }
        }
    }

    @Override public void concatCols(Tensor a, Tensor b, Tensor out) {
        int na = a.cols(), nb = b.cols(), rows = out.rows();
        CpuTensor x = t(a), y = t(b), o = t(out);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x.data, x.off + r * na, o.data, o.off + r * (na + nb), na);
            System.arraycopy(y.data, y.off + r * nb, o.data, o.off + r * (na + nb) + na, nb);
        }
    }

    @Override public void splitCols(Tensor in, Tensor a, Tensor b, boolean accumulate) {
        int na = a.cols(), nb = b.cols(), rows = in.rows(), w = na + nb;
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
        CpuTensor a = t(x), b = t(y);
        cells.activation(f, a.data, a.off, b.data, b.off, a.size());
    }

    /** dx (+)= f'(x) dy, one element at a time with Math's functions. */
    static void activationBackwardScalar(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate) {
        CpuTensor xs = x == null ? null : t(x), ys = y == null ? null : t(y), g = t(dy), d = t(dx);
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
        CpuTensor g = t(gates), cp = t(cPrev), cc = t(c), hh = t(h);
        cells.lstmForward(h.rows(), h.cols(), g.data, g.off, cp.data, cp.off, cc.data, cc.off, hh.data, hh.off);
    }

    @Override public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates) {
        CpuTensor g = t(gates), cp = t(cPrev), cc = t(c), dhh = t(dh), dcc = t(dc), dg = t(dGates);
        cells.lstmBackward(dh.rows(), dh.cols(), g.data, g.off, cp.data, cp.off, cc.data, cc.off, dhh.data, dhh.off,
                dcc.data, dcc.off, dg.data, dg.off);
    }

    @Override public void gruCell(Tensor xg, Tensor hg, Tensor hPrev, Tensor h) {
        CpuTensor x = t(xg), y = t(hg), p = t(hPrev), o = t(h);
        cells.gruForward(h.rows(), h.cols(), x.data, x.off, y.data, y.off, p.data, p.off, o.data, o.off);
    }

    @Override public void gruCellBackward(Tensor xg, Tensor hg, Tensor hPrev, Tensor dh, Tensor dxg, Tensor dhg, Tensor dhPrev) {
        CpuTensor x = t(xg), y = t(hg), p = t(hPrev), d = t(dh), dx = t(dxg), dy = t(dhg), dp = t(dhPrev);
        cells.gruBackward(dh.rows(), dh.cols(), x.data, x.off, y.data, y.off, p.data, p.off, d.data, d.off,
                dx.data, dx.off, dy.data, dy.off, dp.data, dp.off);
    }

    // ---- additive attention scores (one scalar kernel on both paths) ---------------------------------

    @Override public void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        int[] d = additive(q, k);
        CpuTensor a = t(q), b = t(k), w = t(v), h = t(hidden), s = t(scores);
        AttentionKernels.additiveScores(d[0], d[1], d[2], d[3], a.data, a.off, b.data, b.off, w.data, w.off, h.data, h.off, s.data, s.off);
    }

    @Override public void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        int[] d = additive(dq, dk);
        CpuTensor h = t(hidden), w = t(v), g = t(dScores), a = t(dq), b = t(dk), dw = t(dv);
        AttentionKernels.additiveScoresBackward(d[0], d[1], d[2], d[3], h.data, h.off, w.data, w.off, g.data, g.off,
                a.data, a.off, b.data, b.off, dw.data, dw.off);
    }

    // ---- embeddings --------------------------------------------------------------------------------

    @Override public void gather(Tensor table, int[] ids, int off, Tensor out) {
        int n = out.cols();
        CpuTensor tb = t(table), o = t(out);
        for (int r = 0, rows = out.rows(); r < rows; r++) {
            int id = ids[off + r];
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
            if (id >= 0) o.data[o.off + r * n + id] = 1f;
        }
    }

    // ---- element-wise losses, dropout, SGD and RMSprop -----------------------------------------------

    @Override public double mse(Tensor pred, Tensor target, float gradScale, Tensor dPred) {
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

    @Override public void rmspropStep(Tensor p, Tensor g, Tensor sq, Tensor buf, float lr, float alpha, float eps,
                                      float weightDecay, float momentum) {
        CpuTensor w = t(p), gr = t(g), s = t(sq), b = buf == null ? null : t(buf);
        Updates.rmsprop(w.size(), w.data, w.off, gr.data, gr.off, s.data, s.off, b == null ? null : b.data, b == null ? 0 : b.off,
                lr, alpha, eps, weightDecay, momentum);
    }
}
