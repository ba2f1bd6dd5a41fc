package org.seqlab.inspect.render;

/** ANSI escape sequences for a colour mode; empty strings in SHADES mode. */
final class Ansi {

    static final String RESET = "\u001b[0m";
    private static final String SHADES = " .:-=+*#%@";

    private Ansi() {
    }

    /** Background colour escape for 0xRRGGBB. */
    static String bg(ColorMode mode, int rgb) {
        return switch (mode) {
            case TRUECOLOR -> "\u001b[48;2;" + (rgb >> 16 & 0xff) + ";" + (rgb >> 8 & 0xff) + ";" + (rgb & 0xff) + "m";
            case ANSI256 -> "\u001b[48;5;" + xterm256(rgb) + "m";
            case SHADES -> "";
        };
    }

    /** Foreground escape: black or white, whichever reads on the background rgb. */
    static String fgFor(ColorMode mode, int backgroundRgb) {
        if (mode == ColorMode.SHADES) {
            return "";
        }
        boolean light = ColorRamp.isLight(backgroundRgb);
        return mode == ColorMode.TRUECOLOR
                ? (light ? "\u001b[38;2;0;0;0m" : "\u001b[38;2;255;255;255m")
                : (light ? "\u001b[38;5;16m" : "\u001b[38;5;231m");
    }

    /** Foreground escape for 0xRRGGBB (lines of a plot). */
    static String fg(ColorMode mode, int rgb) {
        return switch (mode) {
            case TRUECOLOR -> "\u001b[38;2;" + (rgb >> 16 & 0xff) + ";" + (rgb >> 8 & 0xff) + ";" + (rgb & 0xff) + "m";
            case ANSI256 -> "\u001b[38;5;" + xterm256(rgb) + "m";
            case SHADES -> "";
        };
    }

    static String reset(ColorMode mode) {
        return mode == ColorMode.SHADES ? "" : RESET;
    }

    /** One of the 10 shade characters for a strength in [0, 1]. */
    static char shade(double strength) {
        int i = (int) Math.round(Math.max(0, Math.min(1, strength)) * (SHADES.length() - 1));
        return SHADES.charAt(i);
    }

    static String shadeRamp() {
        return SHADES;
    }

    /**
     * Nearest xterm colour: the 6x6x6 cube (16..231) or the grey ramp (232..255), whichever is closer.
     */
    static int xterm256(int rgb) {
        int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
        int ri = cubeIndex(r), gi = cubeIndex(g), bi = cubeIndex(b);
        int cube = 16 + 36 * ri + 6 * gi + bi;
        int cubeDist = dist(r, g, b, cubeLevel(ri), cubeLevel(gi), cubeLevel(bi));
        int grey = (r + g + b) / 3;
        int gIdx = Math.max(0, Math.min(23, Math.round((grey - 8) / 10f)));
        int gl = 8 + 10 * gIdx;
        int greyDist = dist(r, g, b, gl, gl, gl);
        return greyDist < cubeDist ? 232 + gIdx : cube;
    }

    private static int cubeIndex(int v) {
        return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
    }

    private static int cubeLevel(int i) {
        return i == 0 ? 0 : 55 + 40 * i;
    }

    private static int dist(int r, int g, int b, int r2, int g2, int b2) {
        return (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2);
    }
}
