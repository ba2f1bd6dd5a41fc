package org.seqlab.inspect.render;

/**
 * A scatter plot drawn with characters: each point a mark with its label to the right (moved along the row
 * when two labels would overlap), the axes' ranges at the edges, then the footer.
 */
final class TerminalScatter {

    private static final int HEIGHT = 17;

    private TerminalScatter() {
    }

    static String render(ScatterPlot p, TerminalOptions o) {
        double[] b = p.bounds();
        String yTop = Numbers.tick(b[3]), yBottom = Numbers.tick(b[2]);
        int labelW = Math.max(TokenLabels.width(yTop), TokenLabels.width(yBottom));
        int w = Math.max(20, Math.min(o.width(), 100) - labelW - 2);
        char[][] grid = new char[HEIGHT][w];
        boolean[][] mark = new boolean[HEIGHT][w];
        for (char[] row : grid) java.util.Arrays.fill(row, ' ');
        for (ScatterPlot.Point pt : p.points()) {
            int c = (int) Math.round((pt.x() - b[0]) / (b[1] - b[0]) * (w - 1));
            int r = HEIGHT - 1 - (int) Math.round((pt.y() - b[2]) / (b[3] - b[2]) * (HEIGHT - 1));
            c = Math.max(0, Math.min(w - 1, c));
            r = Math.max(0, Math.min(HEIGHT - 1, r));
            String label = TokenLabels.visible(pt.label());
            int start = free(grid[r], c, label.length() + 2);
            if (start < 0) start = c;    // no room: the mark at least, the label cut at the edge
            grid[r][start] = '\u25cf';
            mark[r][start] = true;
            for (int i = 0; i < label.length() && start + 1 + i < w; i++) grid[r][start + 1 + i] = label.charAt(i);
        }
        StringBuilder sb = new StringBuilder();
        if (!p.title().isEmpty()) sb.append(p.title()).append('\n');
        if (!p.yLabel().isEmpty()) sb.append("\u2191 ").append(p.yLabel()).append('\n');
        for (int r = 0; r < HEIGHT; r++) {
            String label = r == 0 ? yTop : r == HEIGHT - 1 ? yBottom : "";
            sb.append(TokenLabels.padLeft(label, labelW)).append(" \u2502");
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < w; c++) {
                if (mark[r][c]) line.append(Ansi.fg(o.mode(), SeriesStyle.color(0))).append(grid[r][c]).append(Ansi.reset(o.mode()));
                else line.append(grid[r][c]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(" ".repeat(labelW)).append(" \u2514").append("\u2500".repeat(w)).append('\n');
        String xLo = Numbers.tick(b[0]), xHi = Numbers.tick(b[1]);
        int gap = Math.max(1, w - TokenLabels.width(xLo) - TokenLabels.width(xHi));
        sb.append(" ".repeat(labelW + 2)).append(xLo).append(TokenLabels.center(p.xLabel() + " \u2192", gap)).append(xHi).append('\n');
        for (String f : p.footer()) sb.append(f).append('\n');
        return sb.toString();
    }

    /** The first column at or after c (else before it) where n cells of the row are blank, or -1. */
    private static int free(char[] row, int c, int n) {
        for (int s = c; s + n <= row.length; s++) if (blank(row, s, n)) return s;
        for (int s = Math.min(c, row.length - n); s >= 0; s--) if (blank(row, s, n)) return s;
        return -1;
    }

    private static boolean blank(char[] row, int s, int n) {
        for (int i = s; i < s + n; i++) if (row[i] != ' ') return false;
        return true;
    }
}
