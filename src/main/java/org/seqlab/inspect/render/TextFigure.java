package org.seqlab.inspect.render;

/** Lines of monospaced text as a picture (a table). */
final class TextFigure implements Figure {

    private static final double SIZE = 13;
    private static final double LINE = 18;
    private final String[] lines;

    TextFigure(String text) {
        this.lines = text.split("\n", -1);
    }

    @Override
    public int width() {
        double w = 0;
        for (String l : lines) {
            w = Math.max(w, Canvas.textWidth(l, SIZE));
        }
        return (int) Math.ceil(w + 2 * HeatmapFigure.PAD);
    }

    @Override
    public int height() {
        return (int) Math.ceil(lines.length * LINE + 2 * HeatmapFigure.PAD);
    }

    @Override
    public void draw(Canvas c, double x, double y) {
        for (int i = 0; i < lines.length; i++) {
            c.text(x + HeatmapFigure.PAD, y + HeatmapFigure.PAD + (i + 1) * LINE - 5, lines[i], SIZE, 0x111111,
                    Canvas.Anchor.START);
        }
    }
}
