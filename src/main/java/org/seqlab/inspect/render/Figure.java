package org.seqlab.inspect.render;

/** A laid-out picture: its size in pixels and how to draw it on any canvas (PNG or SVG). */
interface Figure {

    int width();

    int height();

    /** Draws with the top-left corner at (x, y). */
    void draw(Canvas c, double x, double y);

    /** The figure for one of the plain data types; {@code values} writes the numbers into heatmap cells. */
    static Figure of(Object picture, boolean values) {
        if (picture instanceof Heatmap h) {
            return new HeatmapFigure(h, values);
        }
        if (picture instanceof HeatmapGrid g) {
            return new GridFigure(g, values);
        }
        if (picture instanceof AttentionMap a) {
            return new GridFigure(a.toGrid(), values);
        }
        if (picture instanceof TokenStrip s) {
            return new StripFigure(s);
        }
        if (picture instanceof LinePlot p) {
            return new PlotFigure(p);
        }
        if (picture instanceof ScatterPlot p) {
            return new ScatterFigure(p);
        }
        if (picture instanceof Stack s) {
            return new StackFigure(s, values);
        }
        if (picture instanceof Table t) {
            return new TextFigure(TerminalTable.render(t, new TerminalOptions(ColorMode.SHADES, 160, false, 1)));
        }
        throw new IllegalArgumentException("cannot draw " + (picture == null ? "null" : picture.getClass().getName()));
    }
}
