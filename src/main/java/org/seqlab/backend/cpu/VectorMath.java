package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Transcendental and reduction helpers built only from operations whose results are fixed by IEEE 754
 * (add, mul, fma, exact conversions). The Vector API's own {@code lanewise(EXP)} and
 * {@code reduceLanes(ADD)} may give different bits in the interpreter and in compiled code, which broke
 * "same seed, same losses": a run's early steps ran interpreted, a second run's compiled.
 */
final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;   // 1.5 * 2^23: adding it rounds to an integer
    private static final float HI = 88.3762626647949f, LO = -87.3365447505531f;

    private VectorMath() {}

    /** e^x per lane, within about 2 ulp (Cephes expf); inputs clamped to the normal float range. */
    static FloatVector exp(FloatVector x) {
        x = x.max(LO).min(HI);
        FloatVector t = x.fma(LOG2E, ROUND);       // its low mantissa bits hold round(x / ln 2) + 2^22
        FloatVector n = t.sub(ROUND);                                         // round(x / ln 2)
        FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));               // x - n ln 2, |r| <= ln2 / 2
        FloatVector z = r.mul(r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, FloatVector.broadcast(x.species(), 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(x.species(), 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(x.species(), 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(x.species(), 5.0000001201e-1f));
        FloatVector y = p.fma(z, r).add(1f);
        // 2^n from t's bits: (n + 127) << 23. Read through reinterpret, not convert(F2I), which JDK 17 does not
        // compile to a vector instruction on AVX2 (it took a tenth of a GPT step).
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
        return y.mul(bits.reinterpretAsFloats());
    }

    /** The sum of the lanes, always in lane order. */
    static float sum(FloatVector v) {
        float s = 0;
        for (int i = 0, n = v.length(); i < n; i++) s += v.lane(i);
        return s;
    }
}
