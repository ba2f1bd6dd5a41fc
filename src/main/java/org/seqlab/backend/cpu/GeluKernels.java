package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact (erf) GELU and its derivative on the Vector API, for the transformer's MLP. erf is Abramowitz and
 * Stegun's 7.1.26 (absolute error below 1.5e-7): erf(u) = 1 - poly(t) e^{-u^2}, t = 1 / (1 + p|u|), odd in u.
 * With u = x / sqrt(2) the same e^{-x^2/2} gives the normal density the derivative needs, so each element
 * costs one vector exp. Tails run the scalar reference formulas.
 */
final class GeluKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f,
            A4 = -1.453152027f, A5 = 1.061405429f;
    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2)), INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

    private GeluKernels() {}

    /** Φ(x) = (1 + erf(x / sqrt 2)) / 2, with e = exp(-x^2 / 2) given. */
    private static FloatVector cdf(FloatVector x, FloatVector e) {
        FloatVector z = x.abs().mul(INV_SQRT2);
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(P, 1f));
        FloatVector poly = t.fma(A5, A4).fma(t, FloatVector.broadcast(S, A3)).fma(t, FloatVector.broadcast(S, A2))
                .fma(t, FloatVector.broadcast(S, A1)).mul(t);
        FloatVector erfAbs = poly.mul(e).neg().add(1f);
        VectorMask<Float> negative = x.lt(0f);
        FloatVector erf = erfAbs.blend(erfAbs.neg(), negative);
        return erf.add(1f).mul(0.5f);
    }

    private static FloatVector halfSquareExp(FloatVector x) { return VectorMath.exp(x.mul(x).mul(-0.5f)); }

    /** y = x Φ(x). */
    static void forward(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(cdf(v, halfSquareExp(v))).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = ScalarMath.gelu(x[xo + i]);
    }

    /** dx (+)= dy (Φ(x) + x φ(x)). */
    static void backward(float[] x, int xo, float[] dy, int go, float[] dx, int dxo, int n, boolean accumulate) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector e = halfSquareExp(v);
            FloatVector grad = v.mul(e).mul(INV_SQRT_2PI).add(cdf(v, e)).mul(FloatVector.fromArray(S, dy, go + i));
            if (accumulate) grad = grad.add(FloatVector.fromArray(S, dx, dxo + i));
            grad.intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float g = dy[go + i] * ScalarMath.geluGrad(x[xo + i]);
            dx[dxo + i] = accumulate ? dx[dxo + i] + g : g;
        }
    }
}
