package org.seqlab.inspect.render;

/**
 * A scatter plot as a 720 x 560 picture: axes with round ticks and light grid lines, zero lines a shade
 * darker, each point a dot with its label beside it, the footer's lines under the axes.
 */
final class ScatterFigure implements Figure {

    private static final int W = 720;
    private static final int PLOT_H = 520;
    private static final double LEFT = 72;
    private static final double RIGHT = 32;
    private static final double TOP = 44;
    private static final double BOTTOM = 56;
    private static final double FOOT_LINE = 18;

    private final ScatterPlot p;

    ScatterFigure(ScatterPlot p) {
        this.p = p;
    }

    @Override
    public int width() {
        return W;
    }

    @Override
    public int height() {
        return (int) Math.ceil(PLOT_H + p.footer().size() * FOOT_LINE + (p.footer().isEmpty() ? 0 : 8));
    }

    @Override
    public void draw(Canvas c, double x0, double y0) {
        c.fillRect(x0, y0, W, height(), 0xffffff);
        c.text(x0 + W / 2.0, y0 + 26, p.title(), 15, 0x111111, Canvas.Anchor.MIDDLE, true, 0);
        double pl = x0 + LEFT, pw = W - LEFT - RIGHT;
        PlotAxes a = PlotAxes.draw(c, p.bounds(), pl, y0 + TOP, pw, PLOT_H - TOP - BOTTOM, true);
        a.labels(c, p.xLabel(), y0 + PLOT_H - 14, p.yLabel(), x0 + 16);
        int rgb = SeriesStyle.color(0);
        for (ScatterPlot.Point q : p.points()) {
            double px = a.x(q.x());
            double py = a.y(q.y());
            c.fillRect(px - 4, py - 4, 8, 8, rgb);
            String label = TokenLabels.visible(q.label());
            boolean right = px + 8 + Canvas.textWidth(label, 13) <= pl + pw;
            c.text(right ? px + 8 : px - 8, py + 4, label, 13, 0x111111, right ? Canvas.Anchor.START : Canvas.Anchor.END);
        }
        for (int i = 0; i < p.footer().size(); i++) {
            c.text(x0 + 12, y0 + PLOT_H + 8 + (i + 1) * FOOT_LINE - 4, p.footer().get(i), 12, 0x333333, Canvas.Anchor.START);
        }
    }
}
