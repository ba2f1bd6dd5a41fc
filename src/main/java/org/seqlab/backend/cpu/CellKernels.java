package org.seqlab.backend.cpu;

import org.seqlab.backend.Activation;

/**
 * Fused pointwise kernels of the recurrent cells and activations on raw arrays (rows x hid, row-major).
 * {@link Scalar} is the reference; {@link VectorCells} the vectorised one.
 */
interface CellKernels {
    void activation(Activation f, float[] x, int xo, float[] y, int yo, int n);

    void lstmForward(int rows, int hid, float[] g, int go, float[] cp, int cpo, float[] c, int co, float[] h, int ho);

    void lstmBackward(int rows, int hid, float[] g, int go, float[] cp, int cpo, float[] c, int co, float[] dh, int dho,
                      float[] dc, int dco, float[] dg, int dgo);

    void gruForward(int rows, int hid, float[] xg, int xo, float[] hg, int ho, float[] hp, int hpo, float[] h, int hOut);

    void gruBackward(int rows, int hid, float[] xg, int xo, float[] hg, int ho, float[] hp, int hpo, float[] dh, int dho,
                     float[] dxg, int dxo, float[] dhg, int dhgo, float[] dhp, int dhpo);

    /** Plain loops with Math.tanh and Math.exp. */
    class Scalar implements CellKernels {
        @Override public void activation(Activation f, float[] x, int xo, float[] y, int yo, int n) {
            for (int i = 0; i < n; i++) {
                float v = x[xo + i];
                y[yo + i] = switch (f) {
                    case NONE -> v;
                    case TANH -> ScalarMath.tanh(v);
                    case SIGMOID -> ScalarMath.sigmoid(v);
                    case RELU -> v > 0 ? v : 0f;
                    case GELU -> ScalarMath.gelu(v);
                };
            }
        }

        @Override public void lstmForward(int rows, int hid, float[] g, int go, float[] cp, int cpo, float[] c, int co, float[] h, int ho) {
            for (int r = 0; r < rows; r++) {
                int gb = go + r * 4 * hid;
                for (int j = 0; j < hid; j++) {
                    float i = ScalarMath.sigmoid(g[gb + j]);
                    float f = ScalarMath.sigmoid(g[gb + hid + j]);
                    float gg = ScalarMath.tanh(g[gb + 2 * hid + j]);
                    float o = ScalarMath.sigmoid(g[gb + 3 * hid + j]);
                    g[gb + j] = i;
                    g[gb + hid + j] = f;
                    g[gb + 2 * hid + j] = gg;
                    g[gb + 3 * hid + j] = o;
                    float cv = f * cp[cpo + r * hid + j] + i * gg;
                    c[co + r * hid + j] = cv;
                    h[ho + r * hid + j] = o * ScalarMath.tanh(cv);
                }
            }
        }

        @Override public void lstmBackward(int rows, int hid, float[] g, int go, float[] cp, int cpo, float[] c, int co,
                                           float[] dh, int dho, float[] dc, int dco, float[] dg, int dgo) {
            for (int r = 0; r < rows; r++) {
                int gb = go + r * 4 * hid, db = dgo + r * 4 * hid;
                for (int j = 0; j < hid; j++) {
                    int k = r * hid + j;
                    float i = g[gb + j], f = g[gb + hid + j], gg = g[gb + 2 * hid + j], o = g[gb + 3 * hid + j];
                    float tc = ScalarMath.tanh(c[co + k]);
                    float d = dh[dho + k];
                    float dct = dc[dco + k] + d * o * (1 - tc * tc);
                    dg[db + j] = dct * gg * i * (1 - i);
                    dg[db + hid + j] = dct * cp[cpo + k] * f * (1 - f);
                    dg[db + 2 * hid + j] = dct * i * (1 - gg * gg);
                    dg[db + 3 * hid + j] = d * tc * o * (1 - o);
                    dc[dco + k] = dct * f;
                }
            }
        }

        @Override public void gruForward(int rows, int hid, float[] xg, int xo, float[] hg, int ho, float[] hp, int hpo, float[] h, int hOut) {
            for (int b = 0; b < rows; b++) {
                int xb = xo + b * 3 * hid, hb = ho + b * 3 * hid;
                for (int j = 0; j < hid; j++) {
                    float r = ScalarMath.sigmoid(xg[xb + j] + hg[hb + j]);
                    float z = ScalarMath.sigmoid(xg[xb + hid + j] + hg[hb + hid + j]);
                    float n = ScalarMath.tanh(xg[xb + 2 * hid + j] + r * hg[hb + 2 * hid + j]);
                    xg[xb + j] = r;
                    xg[xb + hid + j] = z;
                    xg[xb + 2 * hid + j] = n;
                    h[hOut + b * hid + j] = (1 - z) * n + z * hp[hpo + b * hid + j];
                }
            }
        }

        @Override public void gruBackward(int rows, int hid, float[] xg, int xo, float[] hg, int ho, float[] hp, int hpo,
                                          float[] dh, int dho, float[] dxg, int dxo, float[] dhg, int dhgo, float[] dhp, int dhpo) {
            for (int b = 0; b < rows; b++) {
                int xb = xo + b * 3 * hid, hb = ho + b * 3 * hid, dxb = dxo + b * 3 * hid, dhb = dhgo + b * 3 * hid;
                for (int j = 0; j < hid; j++) {
                    int k = b * hid + j;
                    float r = xg[xb + j], z = xg[xb + hid + j], n = xg[xb + 2 * hid + j];
                    float d = dh[dho + k];
                    float dnp = d * (1 - z) * (1 - n * n);
                    float dzp = d * (hp[hpo + k] - n) * z * (1 - z);
                    float drp = dnp * hg[hb + 2 * hid + j] * r * (1 - r);
                    dxg[dxb + j] = drp;
                    dxg[dxb + hid + j] = dzp;
                    dxg[dxb + 2 * hid + j] = dnp;
                    dhg[dhb + j] = drp;
                    dhg[dhb + hid + j] = dzp;
                    dhg[dhb + 2 * hid + j] = dnp * r;
                    dhp[dhpo + k] = d * z;
                }
            }
        }
    }
}
