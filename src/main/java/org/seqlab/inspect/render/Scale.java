package org.seqlab.inspect.render;

/**
 * How values map to colours: {@code DIVERGING} has its neutral colour at 0 (signed data such as hidden
 * states or tanh candidates in [-1, 1]); {@code SEQUENTIAL} runs from light at {@code min} to dark at
 * {@code max} (attention weights, sigmoid gates, surprisal). Values outside the range are clamped.
 */
public record Scale(Kind kind, float min, float max) {

    public enum Kind { DIVERGING, SEQUENTIAL }

    public Scale {
        if (!(Float.isFinite(min) && Float.isFinite(max)) || !(max > min)) {
            throw new IllegalArgumentException("scale needs finite min < max, got " + min + " .. " + max);
        }
        if (kind == Kind.DIVERGING && (min >= 0 || max <= 0)) {
            throw new IllegalArgumentException("a diverging scale must contain 0, got " + min + " .. " + max);
        }
    }

    /** [-limit, limit], neutral at 0. */
    public static Scale diverging(float limit) {
        return new Scale(Kind.DIVERGING, -limit, limit);
    }

    public static Scale sequential(float min, float max) {
        return new Scale(Kind.SEQUENTIAL, min, max);
    }

    /**
     * Picks a scale for the data: any negative value gives a diverging scale symmetric around 0
     * (±max|v|); data inside [0, 1] gives the fixed probability scale [0, 1], so weights of different
     * maps compare; other non-negative data gives [0, max]. Non-finite values are ignored.
     */
    public static Scale auto(float[][] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float[] row : values) {
            for (float v : row) {
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo == Float.POSITIVE_INFINITY) {
            return sequential(0, 1);
        }
        if (lo < 0) {
            float limit = Math.max(-lo, hi);
            return diverging(limit > 0 ? limit : 1);
        }
        if (hi <= 1) {
            return sequential(0, 1);
        }
        return sequential(0, hi);
    }

    public static Scale auto(float[] values) {
        return auto(new float[][] {values});
    }

    /** Position of v on the colour ramp, in [0, 1]; 0.5 is 0 for a diverging scale. NaN gives NaN. */
    public double position(float v) {
        if (Float.isNaN(v)) {
            return Double.NaN;
        }
        double t = ((double) v - min) / ((double) max - min);
        return Math.max(0, Math.min(1, t));
    }

    /** The colour of v as 0xRRGGBB; NaN is mid grey. */
    public int rgb(float v) {
        double t = position(v);
        if (Double.isNaN(t)) {
            return 0x808080;
        }
        return kind == Kind.DIVERGING ? ColorRamp.DIVERGING.rgb(t) : ColorRamp.SEQUENTIAL.rgb(t);
    }

    /** Strength of v in [0, 1] for shade characters: |v| / limit when diverging, position otherwise. */
    public double magnitude(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        if (kind == Kind.DIVERGING) {
            double limit = v < 0 ? -min : max;
            return Math.min(1, Math.abs(v) / limit);
        }
        return position(v);
    }
}
