package org.seqlab.inspect.render;

/** The colour and terminal mark of the i-th series of a plot (matplotlib's first five colours). */
final class SeriesStyle {

    private static final int[] COLORS = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd};
    private static final char[] MARKS = {'*', 'o', '+', 'x', '#'};

    private SeriesStyle() {
    }

    static int color(int i) {
        return COLORS[i % COLORS.length];
    }

    static char mark(int i) {
        return MARKS[i % MARKS.length];
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }
}
