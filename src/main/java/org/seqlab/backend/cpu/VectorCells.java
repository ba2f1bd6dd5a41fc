package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.seqlab.backend.Activation;

/**
 * Cell and activation kernels on the Vector API. tanh is Eigen's rational approximation (clamped odd
 * polynomial of degree 13 over an even one of degree 6, error a few float ulps), sigmoid(x) = (1 + tanh(x/2))/2.
 * Each row is processed L lanes at a time with a scalar tail using the same formulas.
 */
final class VectorCells extends CellKernels.Scalar {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f,
            A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f, A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
            B6 = 1.19825839466702e-06f;

    static FloatVector tanh(FloatVector x) {
        x = x.max(-CLAMP).min(CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(A13, A11).fma(x2, FloatVector.broadcast(S, A9)).fma(x2, FloatVector.broadcast(S, A7))
                .fma(x2, FloatVector.broadcast(S, A5)).fma(x2, FloatVector.broadcast(S, A3)).fma(x2, FloatVector.broadcast(S, A1)).mul(x);
        FloatVector q = x2.fma(B6, B4).fma(x2, FloatVector.broadcast(S, B2)).fma(x2, FloatVector.broadcast(S, B0));
        return p.div(q);
    }

    static FloatVector sigmoid(FloatVector x) { return tanh(x.mul(0.5f)).fma(0.5f, 0.5f); }

    static float tanh(float x) {
        x = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = x * x;
        float p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
        float q = ((B6 * x2 + B4) * x2 + B2) * x2 + B0;
        return p / q;
    }

    static float sigmoid(float x) { return tanh(0.5f * x) * 0.5f + 0.5f; }

    @Override public void activation(Activation f, float[] x, int xo, float[] y, int yo, int n) {
        if (f != Activation.TANH && f != Activation.SIGMOID && f != Activation.RELU) {
            super.activation(f, x, xo, y, yo, n);
            return;
        }
        int i = 0;
        if (f == Activation.TANH) {
            for (; i + L <= n; i += L) tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        } else if (f == Activation.SIGMOID) {
            for (; i + L <= n; i += L) sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        } else {
            for (; i + L <= n; i += L) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = f == Activation.TANH ? tanh(v) : f == Activation.SIGMOID ? sigmoid(v) : Math.max(v, 0f);
        }
    }

    /**
     * Activates the four gate blocks in place (each block its own small loop: one method with many inlined vector
     * operations outgrows the JIT's inlining budget, and an un-inlined Vector API call falls back to a slow path
     * that allocates), then c = f*cPrev + i*g and h = o*tanh(c).
     */
    @Override public void lstmForward(int rows, int hid, float[] g, int go, float[] cp, int cpo, float[] c, int co, float[] h, int ho) {
        for (int r = 0; r < rows; r++) {
            int gb = go + r * 4 * hid;
            sigmoidInPlace(g, gb, 2 * hid);
            tanhInPlace(g, gb + 2 * hid, hid);
            sigmoidInPlace(g, gb + 3 * hid, hid);
            lstmState(hid, g, gb, cp, cpo + r * hid, c, co + r * hid, h, ho + r * hid);
        }
    }

    private static void sigmoidInPlace(float[] x, int off, int n) {
        int j = 0;
        for (; j + L <= n; j += L) sigmoid(FloatVector.fromArray(S, x, off + j)).intoArray(x, off + j);
        for (; j < n; j++) x[off + j] = sigmoid(x[off + j]);
    }

    private static void tanhInPlace(float[] x, int off, int n) {
        int j = 0;
        for (; j + L <= n; j += L) tanh(FloatVector.fromArray(S, x, off + j)).intoArray(x, off + j);
        for (; j < n; j++) x[off + j] = tanh(x[off + j]);
    }

    /** One row: c = f*cPrev + i*g, h = o*tanh(c), from the activated gates at gb. */
    private static void lstmState(int hid, float[] g, int gb, float[] cp, int cpb, float[] c, int cb, float[] h, int hb) {
        int j = 0;
        for (; j + L <= hid; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, gb + j), f = FloatVector.fromArray(S, g, gb + hid + j);
            FloatVector gg = FloatVector.fromArray(S, g, gb + 2 * hid + j), o = FloatVector.fromArray(S, g, gb + 3 * hid + j);
            FloatVector cv = f.fma(FloatVector.fromArray(S, cp, cpb + j), i.mul(gg));
            cv.intoArray(c, cb + j);
            o.mul(tanh(cv)).intoArray(h, hb + j);
        }
        for (; j < hid; j++) {
            float cv = g[gb + hid + j] * cp[cpb + j] + g[gb + j] * g[gb + 2 * hid + j];
            c[cb + j] = cv;
            h[hb + j] = g[gb + 3 * hid + j] * tanh(cv);
        }
    }

    @Override public void lstmBackward(int rows, int hid, float[] g, int go, float[] cp, int cpo, float[] c, int co,
                                       float[] dh, int dho, float[] dc, int dco, float[] dg, int dgo) {
        for (int r = 0; r < rows; r++) {
            int gb = go + r * 4 * hid, db = dgo + r * 4 * hid, sb = r * hid;
            int j = 0;
            if (hid >= L) {
                j = hid - hid % L;
                lstmBackwardOut(j, g, gb + 3 * hid, c, co + sb, dh, dho + sb, dc, dco + sb, dg, db + 3 * hid);
                lstmBackwardGates(j, hid, g, gb, cp, cpo + sb, dc, dco + sb, dg, db);
            }
            for (; j < hid; j++) {
                int k = sb + j;
                float i = g[gb + j], f = g[gb + hid + j], gg = g[gb + 2 * hid + j], o = g[gb + 3 * hid + j];
                float tc = tanh(c[co + k]), d = dh[dho + k];
                float dct = dc[dco + k] + d * o * (1 - tc * tc);
                dg[db + j] = dct * gg * i * (1 - i);
                dg[db + hid + j] = dct * cp[cpo + k] * f * (1 - f);
                dg[db + 2 * hid + j] = dct * i * (1 - gg * gg);
                dg[db + 3 * hid + j] = d * tc * o * (1 - o);
                dc[dco + k] = dct * f;
            }
        }
    }

    /**
     * Backward, first half over n elements: dc (+)= dh*o*(1 - tanh(c)^2) (now the gradient of c), and the output
     * gate's gradient dh*tanh(c)*o*(1-o) into dgo. Split in two small loops for the JIT's inlining budget.
     */
    private static void lstmBackwardOut(int n, float[] g, int ob, float[] c, int cb, float[] dh, int dhb, float[] dc, int dcb,
                                        float[] dg, int dgo) {
        for (int j = 0; j < n; j += L) {
            FloatVector o = FloatVector.fromArray(S, g, ob + j);
            FloatVector tc = tanh(FloatVector.fromArray(S, c, cb + j));
            FloatVector d = FloatVector.fromArray(S, dh, dhb + j);
            FloatVector one = FloatVector.broadcast(S, 1f);
            d.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dc, dcb + j)).intoArray(dc, dcb + j);
            d.mul(tc).mul(o).mul(one.sub(o)).intoArray(dg, dgo + j);
        }
    }

    /** Backward, second half: the input, forget and candidate gates' gradients from dc, then dc = dc*f. */
    private static void lstmBackwardGates(int n, int hid, float[] g, int gb, float[] cp, int cpb, float[] dc, int dcb,
                                          float[] dg, int db) {
        for (int j = 0; j < n; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, gb + j), f = FloatVector.fromArray(S, g, gb + hid + j);
            FloatVector gg = FloatVector.fromArray(S, g, gb + 2 * hid + j);
            FloatVector dct = FloatVector.fromArray(S, dc, dcb + j);
            FloatVector one = FloatVector.broadcast(S, 1f);
            dct.mul(gg).mul(i).mul(one.sub(i)).intoArray(dg, db + j);
            dct.mul(FloatVector.fromArray(S, cp, cpb + j)).mul(f).mul(one.sub(f)).intoArray(dg, db + hid + j);
            dct.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dg, db + 2 * hid + j);
            dct.mul(f).intoArray(dc, dcb + j);
        }
    }

    /** r and z (sigmoids of the sums) in one small loop, then n and h in another (the JIT's inlining budget). */
    @Override public void gruForward(int rows, int hid, float[] xg, int xo, float[] hg, int ho, float[] hp, int hpo, float[] h, int hOut) {
        for (int b = 0; b < rows; b++) {
            int xb = xo + b * 3 * hid, hb = ho + b * 3 * hid, sb = b * hid;
            int n = hid - hid % L;
            gruGates(n, xg, xb, hg, hb);
            gruGates(n, xg, xb + hid, hg, hb + hid);
            gruState(n, hid, xg, xb, hg, hb, hp, hpo + sb, h, hOut + sb);
            for (int j = n; j < hid; j++) {
                float r = sigmoid(xg[xb + j] + hg[hb + j]), z = sigmoid(xg[xb + hid + j] + hg[hb + hid + j]);
                float nn = tanh(xg[xb + 2 * hid + j] + r * hg[hb + 2 * hid + j]);
                xg[xb + j] = r; xg[xb + hid + j] = z; xg[xb + 2 * hid + j] = nn;
                h[hOut + sb + j] = (1 - z) * nn + z * hp[hpo + sb + j];
            }
        }
    }

    /** x[xb + j] = sigmoid(x[xb + j] + y[yb + j]) for j < n (n a multiple of L). */
    private static void gruGates(int n, float[] x, int xb, float[] y, int yb) {
        for (int j = 0; j < n; j += L) {
            sigmoid(FloatVector.fromArray(S, x, xb + j).add(FloatVector.fromArray(S, y, yb + j))).intoArray(x, xb + j);
        }
    }

    /** n = tanh(xn + r*hn) over the first n0 columns, h = z*(hPrev - n) + n. */
    private static void gruState(int n0, int hid, float[] xg, int xb, float[] hg, int hb, float[] hp, int hpb, float[] h, int hOut) {
        for (int j = 0; j < n0; j += L) {
            FloatVector r = FloatVector.fromArray(S, xg, xb + j), z = FloatVector.fromArray(S, xg, xb + hid + j);
            FloatVector n = tanh(r.fma(FloatVector.fromArray(S, hg, hb + 2 * hid + j), FloatVector.fromArray(S, xg, xb + 2 * hid + j)));
            n.intoArray(xg, xb + 2 * hid + j);
            z.fma(FloatVector.fromArray(S, hp, hpb + j).sub(n), n).intoArray(h, hOut + j);
        }
    }

    @Override public void gruBackward(int rows, int hid, float[] xg, int xo, float[] hg, int ho, float[] hp, int hpo,
                                      float[] dh, int dho, float[] dxg, int dxo, float[] dhg, int dhgo, float[] dhp, int dhpo) {
        for (int b = 0; b < rows; b++) {
            int xb = xo + b * 3 * hid, hb = ho + b * 3 * hid, dxb = dxo + b * 3 * hid, dhb = dhgo + b * 3 * hid, sb = b * hid;
            int j = 0;
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; j + L <= hid; j += L) {
                FloatVector r = FloatVector.fromArray(S, xg, xb + j), z = FloatVector.fromArray(S, xg, xb + hid + j);
                FloatVector n = FloatVector.fromArray(S, xg, xb + 2 * hid + j), d = FloatVector.fromArray(S, dh, dho + sb + j);
                FloatVector dnp = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
                FloatVector dzp = d.mul(FloatVector.fromArray(S, hp, hpo + sb + j).sub(n)).mul(z).mul(one.sub(z));
                FloatVector drp = dnp.mul(FloatVector.fromArray(S, hg, hb + 2 * hid + j)).mul(r).mul(one.sub(r));
                drp.intoArray(dxg, dxb + j);
                dzp.intoArray(dxg, dxb + hid + j);
                dnp.intoArray(dxg, dxb + 2 * hid + j);
                drp.intoArray(dhg, dhb + j);
                dzp.intoArray(dhg, dhb + hid + j);
                dnp.mul(r).intoArray(dhg, dhb + 2 * hid + j);
                d.mul(z).intoArray(dhp, dhpo + sb + j);
            }
            for (; j < hid; j++) {
                int k = sb + j;
                float r = xg[xb + j], z = xg[xb + hid + j], n = xg[xb + 2 * hid + j], d = dh[dho + k];
                float dnp = d * (1 - z) * (1 - n * n);
                float dzp = d * (hp[hpo + k] - n) * z * (1 - z);
                float drp = dnp * hg[hb + 2 * hid + j] * r * (1 - r);
                dxg[dxb + j] = drp; dxg[dxb + hid + j] = dzp; dxg[dxb + 2 * hid + j] = dnp;
                dhg[dhb + j] = drp; dhg[dhb + hid + j] = dzp; dhg[dhb + 2 * hid + j] = dnp * r;
                dhp[dhpo + k] = d * z;
            }
        }
    }
}
