package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Several heatmaps shown as panels of one picture: the gates of a recurrent cell (LSTM input,
 * forget, output, candidate; GRU reset, update, candidate), or every head of an attention layer.
 * Each panel keeps its own scale (sigmoid gates sequential in [0, 1], the candidate diverging).
 */
public record HeatmapGrid(String title, List<Heatmap> panels) {

    public HeatmapGrid {
        if (panels == null || panels.isEmpty()) {
            throw new IllegalArgumentException("grid '" + title + "' has no panels");
        }
        title = title == null ? "" : title;
        panels = List.copyOf(panels);
    }

    /** Each panel reduced to its k most varying rows (see {@link Heatmap#topVarying(int)}). */
    public HeatmapGrid topVarying(int k) {
        List<Heatmap> out = new ArrayList<>();
        for (Heatmap p : panels) {
            out.add(p.rows() > k ? p.topVarying(k) : p);
        }
        return new HeatmapGrid(title, out);
    }

    /** Columns of panels for a picture: 2 for up to 4 panels, then ceil(sqrt(n)). */
    int gridColumns() {
        int n = panels.size();
        if (n <= 2) {
            return n;
        }
        if (n <= 4) {
            return 2;
        }
        return (int) Math.ceil(Math.sqrt(n));
    }
}
