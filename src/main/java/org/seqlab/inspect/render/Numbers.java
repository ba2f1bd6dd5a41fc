package org.seqlab.inspect.render;

import java.util.Locale;

/** Number formatting shared by every renderer: few digits, chosen from the size of the range. */
final class Numbers {

    private Numbers() {
    }

    /** Decimals for values on this scale: 2 up to 10, 1 up to 100, 0 beyond. */
    static int decimals(Scale s) {
        double m = Math.max(Math.abs(s.min()), Math.abs(s.max()));
        return m < 10 ? 2 : m < 100 ? 1 : 0;
    }

    static String format(float v, int decimals) {
        if (Float.isNaN(v)) {
            // no value here (the first token's surprisal has no prefix): a dash, not "nan"
            return "\u2013";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.equals("-0.00") || s.equals("-0.0") || s.equals("-0") ? s.substring(1) : s;
    }

    /** A tick or axis label: up to 4 significant digits, no trailing zeros. */
    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
