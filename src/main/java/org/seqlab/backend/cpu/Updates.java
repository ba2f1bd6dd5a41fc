package org.seqlab.backend.cpu;

/** Optimizer updates, element by element, in the order PyTorch's single-tensor implementations compute them. */
final class Updates {
    private Updates() {}

    static void sgd(int n, float[] p, int po, float[] g, int go, float[] buf, int bo, float lr, float momentum,
                    float dampening, float wd, boolean nesterov, boolean first) {
        for (int i = 0; i < n; i++) {
            float d = g[go + i];
            if (wd != 0) d += wd * p[po + i];
            if (momentum != 0) {
                float b = first ? d : momentum * buf[bo + i] + (1 - dampening) * d;
                buf[bo + i] = b;
                d = nesterov ? d + momentum * b : b;
            }
            p[po + i] -= lr * d;
        }
    }

    static void adam(int n, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float lr,
                     float beta1, float beta2, float eps, float wd, boolean decoupled, int step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = 1 - lr * wd;
        for (int i = 0; i < n; i++) {
            float d = g[go + i];
            if (wd != 0) {
                if (decoupled) p[po + i] *= decay;
                else d += wd * p[po + i];
            }
            float mv = m[mo + i] * beta1 + (1 - beta1) * d;
            float vv = v[vo + i] * beta2 + (1 - beta2) * d * d;
            m[mo + i] = mv;
            v[vo + i] = vv;
            float denom = (float) Math.sqrt(vv) / bc2Sqrt + eps;
            p[po + i] -= stepSize * (mv / denom);
        }
    }

    static void rmsprop(int n, float[] p, int po, float[] g, int go, float[] sq, int so, float[] buf, int bo, float lr,
                        float alpha, float eps, float wd, float momentum) {
        for (int i = 0; i < n; i++) {
            float d = g[go + i];
            if (wd != 0) d += wd * p[po + i];
            float s = alpha * sq[so + i] + (1 - alpha) * d * d;
            sq[so + i] = s;
            float avg = (float) Math.sqrt(s) + eps;
            if (momentum > 0) {
                float b = momentum * buf[bo + i] + d / avg;
                buf[bo + i] = b;
                p[po + i] -= lr * b;
            } else {
                p[po + i] -= lr * (d / avg);
            }
        }
    }
}
