package org.seqlab.inspect.render;

import java.util.List;

/**
 * A line plot as an 800 x 480 picture: axes with round ticks and light grid lines, one coloured line
 * per series (points marked when a series has few), axis labels, title and a legend.
 */
final class PlotFigure implements Figure {

    private static final int W = 800;
    private static final int H = 480;
    private static final double LEFT = 72;
    private static final double RIGHT = 24;
    private static final double TOP = 44;
    private static final double BOTTOM = 56;

    private final LinePlot p;

    PlotFigure(LinePlot p) {
        this.p = p;
    }

    @Override
    public int width() {
        return W;
    }

    @Override
    public int height() {
        return H;
    }

    @Override
    public void draw(Canvas c, double x0, double y0) {
        double[] b = p.bounds();
        double[] xt = ticks(b[0], b[1]);
        double[] yt = ticks(b[2], b[3]);
        double xmin = Math.min(b[0], xt[0]);
        double xmax = Math.max(b[1], xt[xt.length - 1]);
        double ymin = Math.min(b[2], yt[0]);
        double ymax = Math.max(b[3], yt[yt.length - 1]);
        double pl = x0 + LEFT;
        double pt = y0 + TOP;
        double pw = W - LEFT - RIGHT;
        double ph = H - TOP - BOTTOM;
        c.text(x0 + W / 2.0, y0 + 26, p.title(), 16, 0x111111, Canvas.Anchor.MIDDLE, true, 0);
        for (double t : xt) {
            double px = pl + (t - xmin) / (xmax - xmin) * pw;
            c.line(px, pt, px, pt + ph, 0xe6e6e6, 1);
            c.text(px, pt + ph + 16, Numbers.tick(t), 11, 0x333333, Canvas.Anchor.MIDDLE);
        }
        for (double t : yt) {
            double py = pt + ph - (t - ymin) / (ymax - ymin) * ph;
            c.line(pl, py, pl + pw, py, 0xe6e6e6, 1);
            c.text(pl - 6, py + 4, Numbers.tick(t), 11, 0x333333, Canvas.Anchor.END);
        }
        c.strokeRect(pl, pt, pw, ph, 0x666666);
        c.text(pl + pw / 2, y0 + H - 14, p.xLabel(), 12, 0x111111, Canvas.Anchor.MIDDLE);
        c.text(x0 + 16, pt + ph / 2, p.yLabel(), 12, 0x111111, Canvas.Anchor.MIDDLE, false, -90);
        List<LinePlot.Series> series = p.series();
        for (int s = 0; s < series.size(); s++) {
            LinePlot.Series ser = series.get(s);
            int n = ser.x().length;
            double[] xs = new double[n];
            double[] ys = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(ser.x()[i]) && Double.isFinite(ser.y()[i])) {
                    xs[k] = pl + (ser.x()[i] - xmin) / (xmax - xmin) * pw;
                    ys[k] = pt + ph - (ser.y()[i] - ymin) / (ymax - ymin) * ph;
                    k++;
                }
            }
            int rgb = SeriesStyle.color(s);
            SeriesStyle.line(c, s, xs, ys, k, rgb, 2);
            if (k <= 40) {
                for (int i = 0; i < k; i++) {
                    SeriesStyle.marker(c, s, xs[i], ys[i], rgb);
                }
            }
        }
        legend(c, pl + pw - 8, pt + 8);
    }

    /** Legend box in the top-right corner of the plot area (right edge at x). */
    private void legend(Canvas c, double right, double top) {
        double w = 0;
        for (LinePlot.Series s : p.series()) {
            w = Math.max(w, Canvas.textWidth(s.name(), 12));
        }
        w += 40;
        double h = p.series().size() * 18 + 8;
        double x = right - w;
        c.fillRect(x, top, w, h, 0xffffff);
        c.strokeRect(x, top, w, h, 0xbbbbbb);
        for (int s = 0; s < p.series().size(); s++) {
            double y = top + 15 + s * 18;
            SeriesStyle.line(c, s, new double[] {x + 4, x + 28}, new double[] {y - 4, y - 4}, 2, SeriesStyle.color(s), 2);
            SeriesStyle.marker(c, s, x + 16, y - 4, SeriesStyle.color(s));
            c.text(x + 32, y, p.series().get(s).name(), 12, 0x111111, Canvas.Anchor.START);
        }
    }

    /** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about 5 ticks. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
            if (Math.abs(t[i]) < step * 1e-9) {
                t[i] = 0;
            }
        }
        return t;
    }
}
