package org.seqlab.inspect.render;

import java.util.List;

/**
 * A line plot drawn with characters: each series its own mark (and colour when the terminal has
 * it), the y range on the left, the x range below, a legend naming the series.
 */
final class TerminalLinePlot {

    private static final int HEIGHT = 15;

    private TerminalLinePlot() {
    }

    static String render(LinePlot p, TerminalOptions o) {
        double[] b = p.bounds();
        String yTop = Numbers.tick(b[3]);
        String yBottom = Numbers.tick(b[2]);
        String yMid = Numbers.tick((b[2] + b[3]) / 2);
        int labelW = Math.max(TokenLabels.width(yTop), Math.max(TokenLabels.width(yBottom), TokenLabels.width(yMid)));
        int w = Math.max(10, o.width() - labelW - 2);
        int[][] owner = new int[HEIGHT][w];
        for (int[] row : owner) {
            java.util.Arrays.fill(row, -1);
        }
        List<LinePlot.Series> series = p.series();
        for (int s = 0; s < series.size(); s++) {
            draw(series.get(s), s, b, owner, w);
        }
        StringBuilder sb = new StringBuilder();
        if (!p.title().isEmpty()) {
            sb.append(p.title()).append('\n');
        }
        if (!p.yLabel().isEmpty() && !p.yLabel().equals(p.title())) {
            sb.append(p.yLabel()).append('\n');
        }
        for (int r = 0; r < HEIGHT; r++) {
            String label = r == 0 ? yTop : r == HEIGHT - 1 ? yBottom : r == HEIGHT / 2 ? yMid : "";
            sb.append(TokenLabels.padLeft(label, labelW)).append(" │");
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < w; c++) {
                int s = owner[r][c];
                if (s < 0) {
                    line.append(' ');
                } else {
                    line.append(Ansi.fg(o.mode(), SeriesStyle.color(s))).append(SeriesStyle.mark(s))
                            .append(Ansi.reset(o.mode()));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(" ".repeat(labelW)).append(" └").append("─".repeat(w)).append('\n');
        String xLo = Numbers.tick(b[0]);
        String xHi = Numbers.tick(b[1]);
        int gap = Math.max(1, w - TokenLabels.width(xLo) - TokenLabels.width(xHi));
        String mid = TokenLabels.center(p.xLabel(), gap);
        sb.append(" ".repeat(labelW + 2)).append(xLo).append(mid).append(xHi).append('\n');
        StringBuilder legend = new StringBuilder();
        for (int s = 0; s < series.size(); s++) {
            legend.append(s > 0 ? "   " : "").append(Ansi.fg(o.mode(), SeriesStyle.color(s)))
                    .append(SeriesStyle.mark(s)).append(Ansi.reset(o.mode())).append(' ').append(series.get(s).name());
            double[] y = series.get(s).y();
            if (y.length > 0) {
                legend.append(" (last ").append(Numbers.tick(y[y.length - 1])).append(')');
            }
        }
        sb.append(legend).append('\n');
        return sb.toString();
    }

    /** Marks the cells the series passes through, interpolating linearly between its points. */
    private static void draw(LinePlot.Series s, int index, double[] b, int[][] owner, int w) {
        double[] x = s.x();
        double[] y = s.y();
        int prevCol = -1;
        double prevY = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                prevCol = -1;
                continue;
            }
            int col = (int) Math.round((x[i] - b[0]) / (b[1] - b[0]) * (w - 1));
            if (prevCol >= 0 && col > prevCol + 1) {
                for (int c = prevCol + 1; c < col; c++) {
                    double f = (double) (c - prevCol) / (col - prevCol);
                    mark(owner, c, prevY + (y[i] - prevY) * f, b, index);
                }
            }
            mark(owner, col, y[i], b, index);
            prevCol = col;
            prevY = y[i];
        }
    }

    private static void mark(int[][] owner, int col, double y, double[] b, int index) {
        int row = (int) Math.round((b[3] - y) / (b[3] - b[2]) * (HEIGHT - 1));
        if (row >= 0 && row < HEIGHT && col >= 0 && col < owner[0].length) {
            owner[row][col] = index;
        }
    }
}
