package org.seqlab.backend.cpu;

/** Row-wise softmax cross-entropy and layer normalisation on raw arrays. */
final class Losses {
    private Losses() {}

    static double softmaxCrossEntropy(int rows, int v, float[] x, int xo, int[] targets, int toff, int ignore,
                                      float gradScale, float[] p, int po, float[] d, int dof) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int base = xo + r * v, pb = po + r * v;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) max = Math.max(max, x[base + j]);
            double sum = 0;
            for (int j = 0; j < v; j++) {
                float e = (float) Math.exp(x[base + j] - max);
                p[pb + j] = e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < v; j++) p[pb + j] *= inv;
            int target = targets[toff + r];
            boolean ignored = target == ignore;
            if (!ignored) {
                loss += -(x[base + target] - max - Math.log(sum));
            }
            if (d != null) {
                int db = dof + r * v;
                if (ignored) {
                    java.util.Arrays.fill(d, db, db + v, 0f);
                } else {
                    for (int j = 0; j < v; j++) d[db + j] = gradScale * p[pb + j];
                    d[db + target] -= gradScale;
                }
            }
        }
        return loss;
    }

    static void layerNorm(int rows, int n, float[] x, int xo, float[] g, int go, float[] b, int bo, float eps,
                          float[] y, int yo, float[] mean, int mo, float[] rstd, int ro) {
        for (int r = 0; r < rows; r++) {
            int base = xo + r * n;
            double s = 0;
            for (int j = 0; j < n; j++) s += x[base + j];
            float mu = (float) (s / n);
            double var = 0;
            for (int j = 0; j < n; j++) { double dv = x[base + j] - mu; var += dv * dv; }
            float rs = (float) (1 / Math.sqrt(var / n + eps));
            mean[mo + r] = mu;
            rstd[ro + r] = rs;
            for (int j = 0; j < n; j++) y[yo + r * n + j] = (x[base + j] - mu) * rs * g[go + j] + b[bo + j];
        }
    }

    static void layerNormBackward(int rows, int n, float[] dy, int dyo, float[] x, int xo, float[] g, int go,
                                  float[] mean, int mo, float[] rstd, int ro, float[] dx, int dxo,
                                  float[] dg, int dgo, float[] db, int dbo) {
        for (int r = 0; r < rows; r++) {
            float mu = mean[mo + r], rs = rstd[ro + r];
            double sumDh = 0, sumDhX = 0;
            for (int j = 0; j < n; j++) {
                float xh = (x[xo + r * n + j] - mu) * rs;
                float d = dy[dyo + r * n + j];
                dg[dgo + j] += d * xh;
                db[dbo + j] += d;
                float dh = d * g[go + j];
                sumDh += dh;
                sumDhX += dh * xh;
            }
            float m1 = (float) (sumDh / n), m2 = (float) (sumDhX / n);
            for (int j = 0; j < n; j++) {
                float xh = (x[xo + r * n + j] - mu) * rs;
                float dh = dy[dyo + r * n + j] * g[go + j];
                dx[dxo + r * n + j] = rs * (dh - m1 - xh * m2);
            }
        }
    }
}
