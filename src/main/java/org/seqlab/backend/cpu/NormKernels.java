package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalisation over the last axis on the Vector API, the fast path of {@link Losses#layerNorm} with the
 * same formulas in float (PyTorch's own kernel also sums in float). Rows are independent, so the forward and the
 * input gradient take a range of rows; the gain and offset gradients sum over all rows, so they take a range
 * of columns, each summed in row order: the bits do not depend on how the work was split.
 */
final class NormKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private NormKernels() {}

    /** Rows [r0, r1) of x (rows x n): y = (x - mean) rstd g + b, keeping mean and rstd per row. */
    static void forward(int r0, int r1, int n, float[] x, int xo, float[] g, int go, float[] b, int bo, float eps,
                        float[] y, int yo, float[] mean, int mo, float[] rstd, int ro) {
        int bound = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int base = xo + r * n, out = yo + r * n, j = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; j < bound; j += L) acc = acc.add(FloatVector.fromArray(S, x, base + j));
            float s = VectorMath.sum(acc);
            for (; j < n; j++) s += x[base + j];
            float mu = s / n;
            acc = FloatVector.zero(S);
            for (j = 0; j < bound; j += L) {
                FloatVector dv = FloatVector.fromArray(S, x, base + j).sub(mu);
                acc = dv.fma(dv, acc);
            }
            float var = VectorMath.sum(acc);
            for (; j < n; j++) { float dv = x[base + j] - mu; var += dv * dv; }
            float rs = (float) (1 / Math.sqrt(var / n + eps));
            mean[mo + r] = mu;
            rstd[ro + r] = rs;
            for (j = 0; j < bound; j += L) {
                FloatVector xh = FloatVector.fromArray(S, x, base + j).sub(mu).mul(rs);
                xh.fma(FloatVector.fromArray(S, g, go + j), FloatVector.fromArray(S, b, bo + j)).intoArray(y, out + j);
            }
            for (; j < n; j++) y[out + j] = (x[base + j] - mu) * rs * g[go + j] + b[bo + j];
        }
    }

    /** Rows [r0, r1): dx = rstd (dy g - mean(dy g) - xhat mean(dy g xhat)). */
    static void backwardInput(int r0, int r1, int n, float[] dy, int dyo, float[] x, int xo, float[] g, int go,
                              float[] mean, int mo, float[] rstd, int ro, float[] dx, int dxo) {
        int bound = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            float mu = mean[mo + r], rs = rstd[ro + r];
            int xb = xo + r * n, db = dyo + r * n, ob = dxo + r * n, j = 0;
            FloatVector sDh = FloatVector.zero(S), sDhX = FloatVector.zero(S);
            for (; j < bound; j += L) {
                FloatVector xh = FloatVector.fromArray(S, x, xb + j).sub(mu).mul(rs);
                FloatVector dh = FloatVector.fromArray(S, dy, db + j).mul(FloatVector.fromArray(S, g, go + j));
                sDh = sDh.add(dh);
                sDhX = dh.fma(xh, sDhX);
            }
            float sumDh = VectorMath.sum(sDh), sumDhX = VectorMath.sum(sDhX);
            for (; j < n; j++) {
                float xh = (x[xb + j] - mu) * rs, dh = dy[db + j] * g[go + j];
                sumDh += dh;
                sumDhX += dh * xh;
            }
            float m1 = sumDh / n, m2 = sumDhX / n;
            for (j = 0; j < bound; j += L) {
                FloatVector xh = FloatVector.fromArray(S, x, xb + j).sub(mu).mul(rs);
                FloatVector dh = FloatVector.fromArray(S, dy, db + j).mul(FloatVector.fromArray(S, g, go + j));
                dh.sub(m1).sub(xh.mul(m2)).mul(rs).intoArray(dx, ob + j);
            }
            for (; j < n; j++) {
                float xh = (x[xb + j] - mu) * rs, dh = dy[db + j] * g[go + j];
                dx[ob + j] = rs * (dh - m1 - xh * m2);
            }
        }
    }

    /** Columns [c0, c1) (c0 a multiple of L): dg += sum over rows of dy xhat, db += sum of dy, rows in order. */
    static void backwardParams(int rows, int n, int c0, int c1, float[] dy, int dyo, float[] x, int xo,
                               float[] mean, int mo, float[] rstd, int ro, float[] dg, int dgo, float[] db, int dbo) {
        int j = c0;
        for (; j + L <= c1; j += L) {
            FloatVector ag = FloatVector.fromArray(S, dg, dgo + j), ab = FloatVector.fromArray(S, db, dbo + j);
            for (int r = 0; r < rows; r++) {
                FloatVector d = FloatVector.fromArray(S, dy, dyo + r * n + j);
                FloatVector xh = FloatVector.fromArray(S, x, xo + r * n + j).sub(mean[mo + r]).mul(rstd[ro + r]);
                ag = d.fma(xh, ag);
                ab = ab.add(d);
            }
            ag.intoArray(dg, dgo + j);
            ab.intoArray(db, dbo + j);
        }
        for (; j < c1; j++) {
            float sg = dg[dgo + j], sb = db[dbo + j];
            for (int r = 0; r < rows; r++) {
                float d = dy[dyo + r * n + j];
                sg += d * ((x[xo + r * n + j] - mean[mo + r]) * rstd[ro + r]);
                sb += d;
            }
            dg[dgo + j] = sg;
            db[dbo + j] = sb;
        }
    }
}
