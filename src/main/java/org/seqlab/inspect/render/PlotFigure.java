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
        c.text(x0 + W / 2.0, y0 + 26, p.title(), 16, 0x111111, Canvas.Anchor.MIDDLE, true, 0);
        PlotAxes a = PlotAxes.draw(c, p.bounds(), x0 + LEFT, y0 + TOP, W - LEFT - RIGHT, H - TOP - BOTTOM, false);
        a.labels(c, p.xLabel(), y0 + H - 14, p.yLabel(), x0 + 16);
        List<LinePlot.Series> series = p.series();
        for (int s = 0; s < series.size(); s++) {
            LinePlot.Series ser = series.get(s);
            int n = ser.x().length;
            double[] xs = new double[n];
            double[] ys = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(ser.x()[i]) && Double.isFinite(ser.y()[i])) {
                    xs[k] = a.x(ser.x()[i]);
                    ys[k] = a.y(ser.y()[i]);
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
        legend(c, a.left() + a.width() - 8, a.top() + 8);
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
}
