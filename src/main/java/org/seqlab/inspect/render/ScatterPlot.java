package org.seqlab.inspect.render;

import java.util.List;

/**
 * Labelled points on two axes: words placed by a 2-D projection of their vectors.
 *
 * @param title  shown above
 * @param xLabel the horizontal axis ("PC1 (62% of variance)")
 * @param yLabel the vertical axis
 * @param points at least one
 * @param footer lines under the picture, may be empty
 */
public record ScatterPlot(String title, String xLabel, String yLabel, List<Point> points, List<String> footer) {

    /** One labelled point. */
    public record Point(String label, double x, double y) {
    }

    public ScatterPlot {
        if (points == null || points.isEmpty()) throw new IllegalArgumentException("scatter plot '" + title + "' has no points");
        title = title == null ? "" : title;
        xLabel = xLabel == null ? "" : xLabel;
        yLabel = yLabel == null ? "" : yLabel;
        points = List.copyOf(points);
        footer = footer == null ? List.of() : List.copyOf(footer);
    }

    /** {xmin, xmax, ymin, ymax} of the points, each range widened by a margin (and when flat) so labels fit. */
    double[] bounds() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (Point p : points) {
            x0 = Math.min(x0, p.x());
            x1 = Math.max(x1, p.x());
            y0 = Math.min(y0, p.y());
            y1 = Math.max(y1, p.y());
        }
        double dx = x1 - x0 > 0 ? (x1 - x0) * 0.08 : Math.max(Math.abs(x0) * 0.1, 0.5);
        double dy = y1 - y0 > 0 ? (y1 - y0) * 0.08 : Math.max(Math.abs(y0) * 0.1, 0.5);
        return new double[] {x0 - dx, x1 + dx, y0 - dy, y1 + dy};
    }
}
