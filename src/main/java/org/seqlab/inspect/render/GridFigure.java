package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/** Panels of a {@link HeatmapGrid} in rows of {@code gridColumns()}, under the grid's title. */
final class GridFigure implements Figure {

    private final HeatmapGrid grid;
    private final List<HeatmapFigure> panels = new ArrayList<>();
    private final int columns;
    private final double cellW;
    private final double cellH;
    private final double titleH;

    GridFigure(HeatmapGrid grid, boolean values) {
        this.grid = grid;
        for (Heatmap h : grid.panels()) {
            panels.add(new HeatmapFigure(h, values));
        }
        this.columns = grid.gridColumns();
        double w = 0;
        double h = 0;
        for (HeatmapFigure f : panels) {
            w = Math.max(w, f.width());
            h = Math.max(h, f.height());
        }
        this.cellW = w;
        this.cellH = h;
        this.titleH = grid.title().isEmpty() ? 0 : 28;
    }

    @Override
    public int width() {
        return (int) Math.ceil(Math.max(columns * cellW, Canvas.textWidth(grid.title(), 16) + 20));
    }

    @Override
    public int height() {
        int rows = (panels.size() + columns - 1) / columns;
        return (int) Math.ceil(titleH + rows * cellH);
    }

    @Override
    public void draw(Canvas c, double x, double y) {
        if (!grid.title().isEmpty()) {
            c.text(x + HeatmapFigure.PAD, y + 22, grid.title(), 16, 0x111111, Canvas.Anchor.START, true, 0);
        }
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).draw(c, x + (i % columns) * cellW, y + titleH + (i / columns) * cellH);
        }
    }
}
