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

    /**
     * Each panel reduced to k rows. When the panels share their rows (the units of one layer's gates, the query
     * tokens of one layer's heads), the same k rows are kept in every panel, those whose variance summed over the
     * panels is largest, so that a row of one panel lines up with the same unit in the others; panels of different
     * rows are each reduced to their own most varying rows (see {@link Heatmap#topVarying(int)}).
     */
    public HeatmapGrid topVarying(int k) {
        Heatmap first = panels.get(0);
        boolean shared = panels.stream().allMatch(p -> p.rowLabels().equals(first.rowLabels()));
        if (first.rows() <= k && shared) {
            return this;
        }
        List<Heatmap> out = new ArrayList<>();
        if (shared) {
            int rows = first.rows();
            double[] var = new double[rows];
            Integer[] order = new Integer[rows];
            for (int r = 0; r < rows; r++) {
                order[r] = r;
                for (Heatmap p : panels) var[r] += Heatmap.variance(p.values()[r]);
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer r) -> -var[r]));
            Integer[] keep = java.util.Arrays.copyOf(order, Math.max(1, Math.min(k, rows)));
            for (Heatmap p : panels) out.add(p.selectRows(keep, ""));
            String what = first.rowAxis().isBlank() ? "rows" : first.rowAxis() + "s";
            return new HeatmapGrid(title + " (the same " + keep.length + " of " + rows + " " + what
                    + " in every panel: those varying most over all panels)", out);
        }
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
