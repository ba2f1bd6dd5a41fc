package org.seqlab.inspect.render;

/**
 * The frame that a line plot and a scatter plot share: data bounds widened to round ticks, light grid lines at
 * each tick (the zero lines a shade darker where asked), tick labels, the frame and the two axis labels, and
 * the mapping from data to picture coordinates.
 */
record PlotAxes(double xmin, double xmax, double ymin, double ymax, double left, double top, double width, double height) {

    /** Draws the axes of data bounds {xlo, xhi, ylo, yhi} in the plot area (left, top, width, height). */
    static PlotAxes draw(Canvas c, double[] bounds, double left, double top, double width, double height, boolean zeroLines) {
        double[] xt = ticks(bounds[0], bounds[1]);
        double[] yt = ticks(bounds[2], bounds[3]);
        PlotAxes a = new PlotAxes(Math.min(bounds[0], xt[0]), Math.max(bounds[1], xt[xt.length - 1]),
                Math.min(bounds[2], yt[0]), Math.max(bounds[3], yt[yt.length - 1]), left, top, width, height);
        for (double t : xt) {
            double px = a.x(t);
            c.line(px, top, px, top + height, zeroLines && t == 0 ? 0xbbbbbb : 0xe6e6e6, 1);
            c.text(px, top + height + 16, Numbers.tick(t), 11, 0x333333, Canvas.Anchor.MIDDLE);
        }
        for (double t : yt) {
            double py = a.y(t);
            c.line(left, py, left + width, py, zeroLines && t == 0 ? 0xbbbbbb : 0xe6e6e6, 1);
            c.text(left - 6, py + 4, Numbers.tick(t), 11, 0x333333, Canvas.Anchor.END);
        }
        c.strokeRect(left, top, width, height, 0x666666);
        return a;
    }

    /** The axis labels: x centred under the plot at baseline xLabelY, y turned upright at x = yLabelX. */
    void labels(Canvas c, String xLabel, double xLabelY, String yLabel, double yLabelX) {
        c.text(left + width / 2, xLabelY, xLabel, 12, 0x111111, Canvas.Anchor.MIDDLE);
        c.text(yLabelX, top + height / 2, yLabel, 12, 0x111111, Canvas.Anchor.MIDDLE, false, -90);
    }

    /** Picture x of data x. */
    double x(double v) { return left + (v - xmin) / (xmax - xmin) * width; }

    /** Picture y of data y (up is larger). */
    double y(double v) { return top + height - (v - ymin) / (ymax - ymin) * height; }

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
