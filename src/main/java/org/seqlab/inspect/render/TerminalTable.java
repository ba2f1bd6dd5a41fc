package org.seqlab.inspect.render;

import java.util.List;

/**
 * A table as aligned plain text: header, a rule, rows; numeric columns right-aligned. Cells wider
 * than their share of the terminal width are cut with '…'.
 */
final class TerminalTable {

    private TerminalTable() {
    }

    static String render(Table t, TerminalOptions o) {
        int n = t.header().size();
        int[] w = new int[n];
        for (int c = 0; c < n; c++) {
            w[c] = TokenLabels.width(t.header().get(c));
            for (List<String> row : t.rows()) {
                w[c] = Math.max(w[c], TokenLabels.width(row.get(c)));
            }
        }
        shrinkToFit(w, o.width());
        StringBuilder sb = new StringBuilder();
        if (!t.title().isEmpty()) {
            sb.append(t.title()).append('\n');
        }
        line(sb, t.header(), w, t, false);
        int total = 0;
        for (int x : w) {
            total += x;
        }
        sb.append("─".repeat(total + 2 * (n - 1))).append('\n');
        for (List<String> row : t.rows()) {
            line(sb, row, w, t, true);
        }
        for (String f : t.footer()) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w, Table t, boolean body) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                l.append("  ");
            }
            boolean right = t.numeric(c);
            l.append(right ? TokenLabels.padLeft(cells.get(c), w[c]) : TokenLabels.padRight(cells.get(c), w[c]));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** Narrows the widest columns until the table fits (each keeps at least 4 columns). */
    private static void shrinkToFit(int[] w, int width) {
        while (true) {
            int total = 2 * (w.length - 1);
            int widest = 0;
            for (int c = 0; c < w.length; c++) {
                total += w[c];
                if (w[c] > w[widest]) {
                    widest = c;
                }
            }
            if (total <= width || w[widest] <= 4) {
                return;
            }
            w[widest]--;
        }
    }
}
