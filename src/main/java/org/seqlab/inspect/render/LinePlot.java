package org.seqlab.inspect.render;

import java.util.List;

/**
 * Named series of (x, y) points on shared axes: training and validation loss against the step.
 *
 * @param title  shown above the plot
 * @param xLabel the x axis ("step")
 * @param yLabel the y axis ("loss")
 * @param series at least one; series may have different x (validation is measured less often)
 */
public record LinePlot(String title, String xLabel, String yLabel, List<Series> series) {

    /** One curve; x and y have the same length. Non-finite points are skipped when drawn. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, "
                        + y.length + " y values");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    public LinePlot {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("plot '" + title + "' has no series");
        }
        title = title == null ? "" : title;
        xLabel = xLabel == null ? "" : xLabel;
        yLabel = yLabel == null ? "" : yLabel;
        series = List.copyOf(series);
    }

    /** Bounds of all finite points: {xmin, xmax, ymin, ymax}, widened when flat; {0,1,0,1} when empty. */
    double[] bounds() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (x0 == Double.POSITIVE_INFINITY) {
            return new double[] {0, 1, 0, 1};
        }
        if (x1 == x0) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 == y0) {
            double pad = Math.max(Math.abs(y0) * 0.05, 0.5);
            y0 -= pad;
            y1 += pad;
        }
        return new double[] {x0, x1, y0, y1};
    }
}
