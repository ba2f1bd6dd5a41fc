package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.seqlab.backend.Activation;

/**
 * Element-wise operations, row reductions and the Adam update on the Vector API, L lanes at a time with a
 * scalar tail. Each computes with the same operations in the same order as the scalar loop it replaces (mul
 * then add, never a fused multiply-add), so the results are bit for bit those of the plain path; the one
 * exception, {@link #sumSquares} (the gradient norm), sums in another order and agrees within rounding.
 */
final class VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOps() {}

    /** y += alpha x. */
    static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xo + i).mul(alpha).add(FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    /** x *= alpha. */
    static void scale(int n, float alpha, float[] x, int xo) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
        for (; i < n; i++) x[xo + i] *= alpha;
    }

    /** o = a + b (o may be a or b: each element is read before it is written). */
    static void add(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i];
    }

    /** o = a * b. */
    static void mul(int n, float[] a, int ao, float[] b, int bo, float[] o, int oo) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i];
    }

    /** x[r, :] += bias for rows x n. */
    static void addRowVector(int rows, int n, float[] x, int xo, float[] b, int bo) {
        for (int r = 0; r < rows; r++) {
            int o = xo + r * n, j = 0;
            for (; j + L <= n; j += L) {
                FloatVector.fromArray(S, x, o + j).add(FloatVector.fromArray(S, b, bo + j)).intoArray(x, o + j);
            }
            for (; j < n; j++) x[o + j] += b[bo + j];
        }
    }

    /** out[c] += sum over rows of x[r, c], rows added in order; columns in blocks of 4 vectors held in registers. */
    static void sumRows(int rows, int n, float[] x, int xo, float[] out, int oo) { sumRows(rows, n, 0, n, x, xo, out, oo); }

    /** {@link #sumRows} for columns [c0, c1) of rows of n. */
    static void sumRows(int rows, int n, int c0, int c1, float[] x, int xo, float[] out, int oo) {
        int j = c0;
        for (; j + 4 * L <= c1; j += 4 * L) {
            FloatVector s0 = FloatVector.fromArray(S, out, oo + j), s1 = FloatVector.fromArray(S, out, oo + j + L);
            FloatVector s2 = FloatVector.fromArray(S, out, oo + j + 2 * L), s3 = FloatVector.fromArray(S, out, oo + j + 3 * L);
            for (int r = 0; r < rows; r++) {
                int p = xo + r * n + j;
                s0 = s0.add(FloatVector.fromArray(S, x, p));
                s1 = s1.add(FloatVector.fromArray(S, x, p + L));
                s2 = s2.add(FloatVector.fromArray(S, x, p + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, p + 3 * L));
            }
            s0.intoArray(out, oo + j);
            s1.intoArray(out, oo + j + L);
            s2.intoArray(out, oo + j + 2 * L);
            s3.intoArray(out, oo + j + 3 * L);
        }
        for (; j + L <= c1; j += L) {
            FloatVector s0 = FloatVector.fromArray(S, out, oo + j);
            for (int r = 0; r < rows; r++) s0 = s0.add(FloatVector.fromArray(S, x, xo + r * n + j));
            s0.intoArray(out, oo + j);
        }
        for (; j < c1; j++) {
            float s = out[oo + j];
            for (int r = 0; r < rows; r++) s += x[xo + r * n + j];
            out[oo + j] = s;
        }
    }

    /**
     * dx (+)= f'(x) dy for NONE, TANH and SIGMOID, which read the output y. One loop per case: a vector merged from
     * two branches (a phi) is boxed on the heap by JDK 17's compiler.
     */
    static void activationBackward(Activation f, int n, float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo,
                                   boolean accumulate) {
        int i = 0;
        if (f == Activation.TANH && !accumulate) {
            for (; i + L <= n; i += L) {
                FloatVector o = FloatVector.fromArray(S, y, yo + i);
                FloatVector.fromArray(S, dy, dyo + i).mul(o.mul(o).neg().add(1f)).intoArray(dx, dxo + i);
            }
        } else if (f == Activation.TANH) {
            for (; i + L <= n; i += L) {
                FloatVector o = FloatVector.fromArray(S, y, yo + i);
                FloatVector v = FloatVector.fromArray(S, dy, dyo + i).mul(o.mul(o).neg().add(1f));
                FloatVector.fromArray(S, dx, dxo + i).add(v).intoArray(dx, dxo + i);
            }
        } else if (f == Activation.SIGMOID && !accumulate) {
            for (; i + L <= n; i += L) {
                FloatVector o = FloatVector.fromArray(S, y, yo + i);
                FloatVector.fromArray(S, dy, dyo + i).mul(o).mul(o.neg().add(1f)).intoArray(dx, dxo + i);
            }
        } else if (f == Activation.SIGMOID) {
            for (; i + L <= n; i += L) {
                FloatVector o = FloatVector.fromArray(S, y, yo + i);
                FloatVector v = FloatVector.fromArray(S, dy, dyo + i).mul(o).mul(o.neg().add(1f));
                FloatVector.fromArray(S, dx, dxo + i).add(v).intoArray(dx, dxo + i);
            }
        } else if (accumulate) {
            for (; i + L <= n; i += L) {
                FloatVector.fromArray(S, dx, dxo + i).add(FloatVector.fromArray(S, dy, dyo + i)).intoArray(dx, dxo + i);
            }
        }
        for (; i < n; i++) {
            float g = dy[dyo + i], v = g;
            if (f == Activation.TANH) { float o = y[yo + i]; v = g * (1 - o * o); }
            else if (f == Activation.SIGMOID) { float o = y[yo + i]; v = g * o * (1 - o); }
            dx[dxo + i] = accumulate ? dx[dxo + i] + v : v;
        }
    }

    /** Elements summed in float before a block's sum joins the double total of {@link #sumSquares}. */
    private static final int SQUARES_BLOCK = 1024;

    /**
     * The sum of x[xo..xo+n)^2: per block of SQUARES_BLOCK elements four float vector accumulators (each lane adds
     * 16 squares in a 1024 block at 16 lanes), their total then added in double. The scalar loop's one chain of
     * dependent double additions ran at 0.8 ns an element, slower than the Adam update after it.
     */
    static double sumSquares(int n, float[] x, int xo) {
        double total = 0;
        int i = 0;
        for (; i + 4 * L <= n; ) {
            int end = Math.min(n - 4 * L + 1, i + SQUARES_BLOCK);
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i < end; i += 4 * L) {
                FloatVector a = FloatVector.fromArray(S, x, xo + i), b = FloatVector.fromArray(S, x, xo + i + L);
                FloatVector c = FloatVector.fromArray(S, x, xo + i + 2 * L), d = FloatVector.fromArray(S, x, xo + i + 3 * L);
                s0 = a.fma(a, s0);
                s1 = b.fma(b, s1);
                s2 = c.fma(c, s2);
                s3 = d.fma(d, s3);
            }
            total += s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) total += (double) x[xo + i] * x[xo + i];
        return total;
    }

    /** {@link Updates#adam} with the same formulas, L elements at a time. */
    static void adam(int n, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float lr,
                     float beta1, float beta2, float eps, float wd, boolean decoupled, int step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float c1 = 1 - beta1, c2 = 1 - beta2;
        // Weight decay: AdamW scales the weights by (1 - lr wd) first, Adam adds wd w to the gradient.
        float keep = decoupled ? 1 - lr * wd : 1f, l2 = decoupled ? 0f : wd;
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector w = FloatVector.fromArray(S, p, po + i).mul(keep);
            FloatVector d = FloatVector.fromArray(S, g, go + i);
            d = w.mul(l2).add(d);
            FloatVector mv = FloatVector.fromArray(S, m, mo + i).mul(beta1).add(d.mul(c1));
            FloatVector vv = FloatVector.fromArray(S, v, vo + i).mul(beta2).add(d.mul(c2).mul(d));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            FloatVector denom = vv.sqrt().div(bc2Sqrt).add(eps);
            w.sub(mv.div(denom).mul(stepSize)).intoArray(p, po + i);
        }
        if (i < n) Updates.adam(n - i, p, po + i, g, go + i, m, mo + i, v, vo + i, lr, beta1, beta2, eps, wd, decoupled, step);
    }

    /**
     * {@link Losses#softmaxCrossEntropy} with the exponentials L at a time (the Vector API's exp, SVML on x86)
     * and the row sums in float: the same within float rounding.
     */
    static double softmaxCrossEntropy(int rows, int v, float[] x, int xo, int[] targets, int toff, int ignore,
                                      float gradScale, float[] p, int po, float[] d, int dof) {
        double loss = 0;
        int vFull = v - v % L;
        for (int r = 0; r < rows; r++) {
            int base = xo + r * v, pb = po + r * v;
            float max = Float.NEGATIVE_INFINITY;
            int j = 0;
            if (vFull > 0) {
                FloatVector mv = FloatVector.fromArray(S, x, base);
                for (j = L; j < vFull; j += L) mv = mv.max(FloatVector.fromArray(S, x, base + j));
                max = mv.reduceLanes(VectorOperators.MAX);
            }
            for (j = vFull; j < v; j++) max = Math.max(max, x[base + j]);
            FloatVector sv = FloatVector.zero(S);
            for (j = 0; j < vFull; j += L) {
                FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, base + j).sub(max));
                e.intoArray(p, pb + j);
                sv = sv.add(e);
            }
            float sum = VectorMath.sum(sv);
            for (j = vFull; j < v; j++) {
                float e = (float) Math.exp(x[base + j] - max);
                p[pb + j] = e;
                sum += e;
            }
            float inv = 1 / sum;
            for (j = 0; j < vFull; j += L) FloatVector.fromArray(S, p, pb + j).mul(inv).intoArray(p, pb + j);
            for (j = vFull; j < v; j++) p[pb + j] *= inv;
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
                    for (j = 0; j < vFull; j += L) FloatVector.fromArray(S, p, pb + j).mul(gradScale).intoArray(d, db + j);
                    for (j = vFull; j < v; j++) d[db + j] = gradScale * p[pb + j];
                    d[db + target] -= gradScale;
                }
            }
        }
        return loss;
    }
}
