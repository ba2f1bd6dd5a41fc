package org.seqlab.inspect.render;

/**
 * One heatmap as a picture: title, column labels above (turned upright when they do not fit a
 * cell), row labels left, cells, and a colour bar with the scale on the right. Cells shrink so a
 * map stays within about 1600 x 1600 pixels; labels are then drawn for every k-th row or column.
 */
final class HeatmapFigure implements Figure {

    static final double PAD = 10;
    static final double FONT = 11;
    private static final double MAX_MAP = 1600;
    private static final double BAR_W = 14;
    private static final int TEXT = 0x222222;

    private final Heatmap h;
    private final boolean numbers;
    private final int decimals;
    private final double cellW;
    private final double cellH;
    private final double titleH;
    private final double headerH;
    private final boolean uprightLabels;
    private final double rowLabelW;
    private final double legendW;
    private final int width;
    private final int height;

    HeatmapFigure(Heatmap h, boolean values) {
        this.h = h;
        this.decimals = Numbers.decimals(h.scale());
        double cw = 20;
        boolean wantNumbers = values || h.cellText() != null;
        if (wantNumbers) {
            cw = Math.max(cw, widestText() * Canvas.CHAR_WIDTH * (FONT - 1) + 6);
        }
        double ch = wantNumbers ? 20 : 18;
        if (h.cols() * cw > MAX_MAP) {
            cw = Math.max(1, Math.floor(MAX_MAP / h.cols()));
        }
        if (h.rows() * ch > MAX_MAP) {
            ch = Math.max(1, Math.floor(MAX_MAP / h.rows()));
        }
        this.cellW = cw;
        this.cellH = ch;
        this.numbers = wantNumbers && cw >= 4 * Canvas.CHAR_WIDTH * (FONT - 1) && ch >= FONT + 2;
        double colLabel = 0;
        for (String l : h.colLabels()) {
            colLabel = Math.max(colLabel, Canvas.textWidth(label(l), FONT));
        }
        this.uprightLabels = colLabel > cellW - 2;
        this.headerH = uprightLabels ? colLabel + 8 : FONT + 8;
        double rowLabel = 0;
        for (String l : h.rowLabels()) {
            rowLabel = Math.max(rowLabel, Canvas.textWidth(label(l), FONT));
        }
        this.rowLabelW = rowLabel + 8;
        this.titleH = (h.title().isEmpty() ? 0 : 20) + (axes().isEmpty() ? 0 : 16);
        double tick = Math.max(Canvas.textWidth(tickText(h.scale().min()), FONT - 1),
                Canvas.textWidth(tickText(h.scale().max()), FONT - 1));
        this.legendW = 16 + BAR_W + 6 + tick;
        double mapW = h.cols() * cellW;
        double mapH = h.rows() * cellH;
        double titleW = Math.max(Canvas.textWidth(h.title(), 14), Canvas.textWidth(axes(), FONT));
        this.width = (int) Math.ceil(PAD + Math.max(rowLabelW + mapW + legendW, titleW) + PAD);
        this.height = (int) Math.ceil(PAD + titleH + headerH + Math.max(mapH, 60) + PAD);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void draw(Canvas c, double x, double y) {
        double top = y + PAD;
        if (!h.title().isEmpty()) {
            c.text(x + PAD, top + 14, h.title(), 14, TEXT, Canvas.Anchor.START, true, 0);
            top += 20;
        }
        if (!axes().isEmpty()) {
            c.text(x + PAD, top + 11, axes(), FONT, 0x666666, Canvas.Anchor.START);
            top += 16;
        }
        double mapX = x + PAD + rowLabelW;
        double mapY = top + headerH;
        columnLabels(c, mapX, mapY);
        rowLabels(c, mapX, mapY);
        for (int r = 0; r < h.rows(); r++) {
            for (int col = 0; col < h.cols(); col++) {
                float v = h.values()[r][col];
                int rgb = h.scale().rgb(v);
                double cx = mapX + col * cellW;
                double cy = mapY + r * cellH;
                c.fillRect(cx, cy, cellW, cellH, rgb);
                if (numbers) {
                    String t = h.cellText() != null ? h.cellText()[r][col] : Numbers.format(v, decimals);
                    c.text(cx + cellW / 2, cy + cellH / 2 + (FONT - 1) * 0.35, t, FONT - 1,
                            ColorRamp.isLight(rgb) ? 0x000000 : 0xffffff, Canvas.Anchor.MIDDLE);
                }
            }
        }
        c.strokeRect(mapX, mapY, h.cols() * cellW, h.rows() * cellH, 0x999999);
        legend(c, mapX + h.cols() * cellW + 16, mapY);
    }

    private void columnLabels(Canvas c, double mapX, double mapY) {
        int every = (int) Math.ceil((FONT + 1) / cellW);
        for (int col = 0; col < h.cols(); col += uprightLabels ? every : 1) {
            String l = label(h.colLabels().get(col));
            double cx = mapX + (col + 0.5) * cellW;
            if (uprightLabels) {
                c.text(cx + FONT * 0.35, mapY - 4, l, FONT, TEXT, Canvas.Anchor.START, false, -90);
            } else {
                c.text(cx, mapY - 5, l, FONT, TEXT, Canvas.Anchor.MIDDLE);
            }
        }
    }

    private void rowLabels(Canvas c, double mapX, double mapY) {
        int every = (int) Math.ceil((FONT + 1) / cellH);
        for (int r = 0; r < h.rows(); r += every) {
            double cy = mapY + (r + 0.5) * cellH + FONT * 0.35;
            c.text(mapX - 4, cy, label(h.rowLabels().get(r)), FONT, TEXT, Canvas.Anchor.END);
        }
    }

    /** A vertical colour bar from max (top) to min (bottom) with three ticks. */
    private void legend(Canvas c, double x, double y) {
        double barH = Math.max(60, Math.min(h.rows() * cellH, 240));
        int steps = 64;
        Scale s = h.scale();
        for (int i = 0; i < steps; i++) {
            float v = (float) (s.max() - (s.max() - s.min()) * (i + 0.5) / steps);
            c.fillRect(x, y + barH * i / steps, BAR_W, barH / steps + 0.5, s.rgb(v));
        }
        c.strokeRect(x, y, BAR_W, barH, 0x999999);
        float mid = s.kind() == Scale.Kind.DIVERGING ? 0 : (s.min() + s.max()) / 2;
        double tx = x + BAR_W + 4;
        c.text(tx, y + FONT - 1, tickText(s.max()), FONT - 1, TEXT, Canvas.Anchor.START);
        c.text(tx, y + barH * (s.max() - mid) / (s.max() - s.min()) + 4, tickText(mid), FONT - 1, TEXT,
                Canvas.Anchor.START);
        c.text(tx, y + barH, tickText(s.min()), FONT - 1, TEXT, Canvas.Anchor.START);
    }

    private String axes() {
        if (h.rowAxis().isEmpty() && h.colAxis().isEmpty()) {
            return "";
        }
        return ((h.rowAxis().isEmpty() ? "" : "rows: " + h.rowAxis() + "   ")
                + (h.colAxis().isEmpty() ? "" : "columns: " + h.colAxis())).strip();
    }

    private String tickText(float v) {
        return Numbers.format(v, decimals);
    }

    private int widestText() {
        int w = 1;
        for (int r = 0; r < h.rows(); r++) {
            for (int col = 0; col < h.cols(); col++) {
                String t = h.cellText() != null ? h.cellText()[r][col] : Numbers.format(h.values()[r][col], decimals);
                w = Math.max(w, TokenLabels.width(t));
            }
        }
        return w;
    }

    static String label(String token) {
        return TokenLabels.fit(TokenLabels.visible(token), 20);
    }
}
