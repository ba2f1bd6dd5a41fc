package org.seqlab.inspect.render;

/**
 * Renders any of the plain data types ({@link Heatmap}, {@link HeatmapGrid}, {@link AttentionMap},
 * {@link TokenStrip}, {@link LinePlot}, {@link Table}) as text for a terminal. The result ends in a
 * newline and contains escapes only in the colour modes.
 */
public final class Terminal {

    private Terminal() {
    }

    public static String render(Object picture, TerminalOptions o) {
        if (picture instanceof Heatmap h) {
            return TerminalHeatmap.render(h, o);
        }
        if (picture instanceof HeatmapGrid g) {
            return TerminalHeatmap.render(g, o);
        }
        if (picture instanceof AttentionMap a) {
            return TerminalHeatmap.render(a.toGrid(), o);
        }
        if (picture instanceof TokenStrip s) {
            return TerminalTokenStrip.render(s, o);
        }
        if (picture instanceof LinePlot p) {
            return TerminalLinePlot.render(p, o);
        }
        if (picture instanceof Table t) {
            return TerminalTable.render(t, o);
        }
        if (picture instanceof ScatterPlot p) {
            return TerminalScatter.render(p, o);
        }
        if (picture instanceof Stack s) {
            StringBuilder sb = new StringBuilder();
            for (Object p : s.parts()) sb.append(render(p, o));
            return sb.toString();
        }
        throw new IllegalArgumentException("cannot render " + (picture == null ? "null" : picture.getClass().getName()));
    }
}
