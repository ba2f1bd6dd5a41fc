package org.seqlab.inspect.render;

/**
 * The colour, terminal mark, line dash and point marker of the i-th series of a plot (matplotlib's first five
 * colours, its dashes and markers), so lines that lie on each other (two models that both solve a task) stay
 * apart to the eye: a solid line with squares under a dashed one with rings under a dotted one with triangles.
 */
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

    /** On/off lengths in pixels of the i-th series' line; empty: solid. */
    static double[] dash(int i) {
        return switch (i % 5) {
            case 1 -> new double[] {9, 5};
            case 2 -> new double[] {2, 4};
            case 3 -> new double[] {9, 4, 2, 4};
            default -> new double[0];
        };
    }

    /** Draws the i-th series' point marker centred on (x, y): square, ring, triangle, x, plus. */
    static void marker(Canvas c, int i, double x, double y, int rgb) {
        double r = 4;
        switch (i % 5) {
            case 0 -> c.fillRect(x - 3, y - 3, 6, 6, rgb);
            case 1 -> {
                double[] xs = new double[13], ys = new double[13];
                for (int k = 0; k <= 12; k++) {
                    xs[k] = x + r * Math.cos(Math.PI * k / 6);
                    ys[k] = y + r * Math.sin(Math.PI * k / 6);
                }
                c.polyline(xs, ys, 13, rgb, 1.5);
            }
            case 2 -> c.polyline(new double[] {x - r, x, x + r, x - r}, new double[] {y + r, y - r, y + r, y + r}, 4, rgb, 1.5);
            case 3 -> {
                c.line(x - r, y - r, x + r, y + r, rgb, 1.5);
                c.line(x - r, y + r, x + r, y - r, rgb, 1.5);
            }
            default -> {
                c.line(x - r - 1, y, x + r + 1, y, rgb, 1.5);
                c.line(x, y - r - 1, x, y + r + 1, rgb, 1.5);
            }
        }
    }

    /** Draws the polyline through the first n points with the i-th series' dash. */
    static void line(Canvas c, int i, double[] xs, double[] ys, int n, int rgb, double width) {
        double[] dash = dash(i);
        if (dash.length == 0) {
            c.polyline(xs, ys, n, rgb, width);
            return;
        }
        int d = 0;
        double left = dash[0];
        boolean on = true;
        for (int k = 1; k < n; k++) {
            double x = xs[k - 1], y = ys[k - 1];
            double len = Math.hypot(xs[k] - x, ys[k] - y);
            double done = 0;
            while (done < len) {
                double step = Math.min(left, len - done);
                double x2 = x + (xs[k] - x) * (done + step) / len, y2 = y + (ys[k] - y) * (done + step) / len;
                if (on) {
                    c.line(x + (xs[k] - x) * done / len, y + (ys[k] - y) * done / len, x2, y2, rgb, width);
                }
                done += step;
                left -= step;
                if (left <= 1e-9) {
                    d = (d + 1) % dash.length;
                    left = dash[d];
                    on = !on;
                }
            }
        }
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }
}
