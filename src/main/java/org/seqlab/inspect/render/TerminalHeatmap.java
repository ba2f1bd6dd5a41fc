package org.seqlab.inspect.render;

import java.util.List;

/**
 * A heatmap as terminal text: column labels (tokens) across the top, row labels down the left, one
 * coloured cell per value. Columns that do not fit the width wrap into further blocks, each with its
 * own header and column range; rows beyond {@code maxRows} are counted, not printed. A legend with
 * the scale follows the map.
 */
final class TerminalHeatmap {

    private static final int MAX_LABEL = 12;
    private static final int MAX_CELL = 7;

    private TerminalHeatmap() {
    }

    static String render(Heatmap h, TerminalOptions o) {
        StringBuilder sb = new StringBuilder();
        title(sb, h);
        body(sb, h, o);
        sb.append(legend(h.scale(), o)).append('\n');
        return sb.toString();
    }

    static String render(HeatmapGrid g, TerminalOptions o) {
        StringBuilder sb = new StringBuilder();
        if (!g.title().isEmpty()) {
            sb.append(g.title()).append('\n');
        }
        List<Heatmap> panels = g.panels();
        for (int i = 0; i < panels.size(); i++) {
            Heatmap p = panels.get(i);
            if (i > 0) {
                sb.append('\n');
            }
            title(sb, p);
            body(sb, p, o);
            boolean last = i == panels.size() - 1;
            if (last || !panels.get(i + 1).scale().equals(p.scale())) {
                sb.append(legend(p.scale(), o)).append('\n');
            }
        }
        return sb.toString();
    }

    private static void title(StringBuilder sb, Heatmap h) {
        StringBuilder line = new StringBuilder(h.title());
        if (!h.rowAxis().isEmpty() || !h.colAxis().isEmpty()) {
            line.append(line.length() > 0 ? "   " : "");
            line.append(h.rowAxis().isEmpty() ? "" : h.rowAxis() + " ↓ ");
            line.append(h.colAxis().isEmpty() ? "" : h.colAxis() + " →");
        }
        line.append("   ").append(h.rows()).append(" x ").append(h.cols());
        sb.append(line.toString().strip()).append('\n');
    }

    /** The cells, wrapped into blocks of columns that fit the width. */
    private static void body(StringBuilder sb, Heatmap h, TerminalOptions o) {
        int decimals = Numbers.decimals(h.scale());
        int labelW = 1;
        int shown = Math.min(h.rows(), o.maxRows());
        for (int r = 0; r < shown; r++) {
            labelW = Math.max(labelW, TokenLabels.width(TokenLabels.visible(h.rowLabels().get(r))));
        }
        labelW = Math.min(labelW, MAX_LABEL);
        int cellW = cellWidth(h, o, decimals);
        int perBlock = Math.max(1, (o.width() - labelW - 1) / cellW);
        int blocks = (h.cols() + perBlock - 1) / perBlock;
        for (int b = 0; b < blocks; b++) {
            int c0 = b * perBlock;
            int c1 = Math.min(h.cols(), c0 + perBlock);
            if (blocks > 1) {
                sb.append(b > 0 ? "\n" : "").append("columns ").append(c0).append("–").append(c1 - 1)
                        .append(" of ").append(h.cols()).append('\n');
            }
            sb.append(" ".repeat(labelW + 1));
            for (int c = c0; c < c1; c++) {
                String label = TokenLabels.visible(h.colLabels().get(c));
                sb.append(numbersShown(h, o) ? TokenLabels.padLeft(label, cellW - 1)
                        : TokenLabels.padRight(label, cellW - 1)).append(' ');
            }
            sb.append('\n');
            for (int r = 0; r < shown; r++) {
                sb.append(TokenLabels.padLeft(TokenLabels.visible(h.rowLabels().get(r)), labelW)).append(' ');
                for (int c = c0; c < c1; c++) {
                    sb.append(cell(h, r, c, cellW, decimals, o));
                }
                sb.append('\n');
            }
        }
        if (shown < h.rows()) {
            String what = h.rowAxis().isEmpty() ? "rows" : h.rowAxis() + "s";
            sb.append("… ").append(h.rows() - shown).append(" more ").append(what).append(" not shown (")
                    .append(h.rows()).append(" in all); ask for the top K most varying to see the busiest\n");
        }
    }

    /** Numbers (or cell text) fill the cells; labels are then right-aligned above them. */
    private static boolean numbersShown(Heatmap h, TerminalOptions o) {
        return o.values() || h.cellText() != null;
    }

    /** Width of one column including its one-space gap. */
    private static int cellWidth(Heatmap h, TerminalOptions o, int decimals) {
        int labels = 1;
        for (String l : h.colLabels()) {
            labels = Math.max(labels, TokenLabels.width(TokenLabels.visible(l)));
        }
        int w = Math.min(labels, MAX_CELL - 1);
        if (o.values() || h.cellText() != null) {
            for (int r = 0; r < h.rows(); r++) {
                for (int c = 0; c < h.cols(); c++) {
                    w = Math.max(w, TokenLabels.width(text(h, r, c, decimals)));
                }
            }
        }
        int min = o.mode() == ColorMode.SHADES && h.scale().kind() == Scale.Kind.DIVERGING ? 2 : 1;
        return Math.max(min, w) + 1;
    }

    private static String text(Heatmap h, int r, int c, int decimals) {
        return h.cellText() != null ? h.cellText()[r][c] : Numbers.format(h.values()[r][c], decimals);
    }

    private static String cell(Heatmap h, int r, int c, int w, int decimals, TerminalOptions o) {
        float v = h.values()[r][c];
        boolean showText = o.values() || h.cellText() != null;
        if (o.mode() == ColorMode.SHADES) {
            if (showText) {
                return TokenLabels.padLeft(text(h, r, c, decimals), w - 1) + " ";
            }
            return shadeCell(h.scale(), v, w - 1) + " ";
        }
        int rgb = h.scale().rgb(v);
        String content = showText ? TokenLabels.padLeft(text(h, r, c, decimals), w - 1) + " " : " ".repeat(w);
        return Ansi.bg(o.mode(), rgb) + (showText ? Ansi.fgFor(o.mode(), rgb) : "") + content + Ansi.RESET;
    }

    /**
     * w shade characters for v: strength by |v| on a diverging scale with a leading '-' for
     * negative values, by position on a sequential one; '?' for NaN.
     */
    static String shadeCell(Scale s, float v, int w) {
        if (Float.isNaN(v)) {
            return "?".repeat(w);
        }
        char ch = Ansi.shade(s.magnitude(v));
        if (s.kind() == Scale.Kind.DIVERGING) {
            return (v < 0 && ch != ' ' ? "-" : " ") + String.valueOf(ch).repeat(w - 1);
        }
        return String.valueOf(ch).repeat(w);
    }

    /** One line: the scale's ends and a colour (or shade) bar between them. */
    static String legend(Scale s, TerminalOptions o) {
        int d = Numbers.decimals(s);
        String lo = Numbers.format(s.min(), d);
        String hi = Numbers.format(s.max(), d);
        if (o.mode() == ColorMode.SHADES) {
            String ramp = Ansi.shadeRamp();
            if (s.kind() == Scale.Kind.DIVERGING) {
                return "scale: |value| 0 [" + ramp + "] " + hi + "; a '-' before the shade marks a negative value";
            }
            return "scale: " + lo + " [" + ramp + "] " + hi;
        }
        int n = 24;
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < n; i++) {
            float v = (float) (s.min() + (s.max() - s.min()) * (i + 0.5) / n);
            bar.append(Ansi.bg(o.mode(), s.rgb(v))).append(' ');
        }
        bar.append(Ansi.RESET);
        String mid = s.kind() == Scale.Kind.DIVERGING ? "  (white = 0)" : "";
        return "scale: " + lo + " " + bar + " " + hi + mid;
    }
}
