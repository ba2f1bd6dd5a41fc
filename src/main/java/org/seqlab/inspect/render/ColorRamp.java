package org.seqlab.inspect.render;

/**
 * Colour ramps, linear between stops (ColorBrewer's RdBu reversed and Blues): readable on white paper
 * and on dark terminals, and distinguishable by most colour-blind readers.
 */
enum ColorRamp {
    /** Blue (negative) through near-white (0) to red (positive). */
    DIVERGING(0x2166ac, 0x67a9cf, 0xf7f7f7, 0xef8a62, 0xb2182b),
    /** Near-white (low) to dark blue (high). */
    SEQUENTIAL(0xf7fbff, 0xc6dbef, 0x6baed6, 0x2171b5, 0x08306b);

    private final int[] stops;

    ColorRamp(int... stops) {
        this.stops = stops;
    }

    /** The colour at t in [0, 1] as 0xRRGGBB. */
    int rgb(double t) {
        double x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        double f = x - i;
        int a = stops[i];
        int b = stops[i + 1];
        int r = mix(a >> 16 & 0xff, b >> 16 & 0xff, f);
        int g = mix(a >> 8 & 0xff, b >> 8 & 0xff, f);
        int bl = mix(a & 0xff, b & 0xff, f);
        return r << 16 | g << 8 | bl;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** True when black text reads better than white on this background (relative luminance). */
    static boolean isLight(int rgb) {
        double lum = 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
        return lum > 140;
    }
}
