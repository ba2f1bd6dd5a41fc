package org.seqlab.inspect.render;

/**
 * A text with each token on its value's colour, wrapped at the width; a newline token shows as '↵'
 * and breaks the line. Without colour each text line gets a line of shades under it (and, for
 * signed values, a line marking the negative tokens with '-'). In values mode the strip is printed
 * as a one-row heatmap with the numbers.
 */
final class TerminalTokenStrip {

    private TerminalTokenStrip() {
    }

    static String render(TokenStrip s, TerminalOptions o) {
        StringBuilder sb = new StringBuilder();
        if (o.values()) {
            sb.append(TerminalHeatmap.render(s.asHeatmap(), o));
        } else {
            if (!s.title().isEmpty()) {
                sb.append(s.title()).append('\n');
            }
            if (o.mode() == ColorMode.SHADES) {
                shaded(sb, s, o.width());
            } else {
                coloured(sb, s, o);
            }
            sb.append(TerminalHeatmap.legend(s.scale(), o)).append('\n');
        }
        if (!s.caption().isEmpty()) {
            sb.append(s.caption()).append('\n');
        }
        return sb.toString();
    }

    /** How a token reads in the flowing text: itself, or '␣'/'↵' marks when it is only whitespace. */
    private static String shown(String token, boolean joined) {
        if (joined && token.equals(" ")) {
            return " ";
        }
        return TokenLabels.visible(token);
    }

    private static void coloured(StringBuilder sb, TokenStrip s, TerminalOptions o) {
        boolean joined = s.joined();
        int col = 0;
        for (int i = 0; i < s.tokens().size(); i++) {
            String t = shown(s.tokens().get(i), joined);
            int w = TokenLabels.width(t);
            int gap = joined || col == 0 ? 0 : 1;
            if (col > 0 && col + gap + w > o.width()) {
                sb.append('\n');
                col = 0;
                gap = 0;
            }
            int rgb = s.scale().rgb(s.values()[i]);
            sb.append(" ".repeat(gap)).append(Ansi.bg(o.mode(), rgb)).append(Ansi.fgFor(o.mode(), rgb))
                    .append(t).append(Ansi.RESET);
            col += gap + w;
            if (s.tokens().get(i).endsWith("\n")) {
                sb.append('\n');
                col = 0;
            }
        }
        if (col > 0) {
            sb.append('\n');
        }
    }

    private static void shaded(StringBuilder sb, TokenStrip s, int width) {
        boolean joined = s.joined();
        boolean signed = s.scale().kind() == Scale.Kind.DIVERGING;
        StringBuilder text = new StringBuilder();
        StringBuilder shade = new StringBuilder();
        StringBuilder sign = new StringBuilder();
        int col = 0;
        for (int i = 0; i < s.tokens().size(); i++) {
            String t = shown(s.tokens().get(i), joined);
            int w = TokenLabels.width(t);
            int gap = joined || col == 0 ? 0 : 1;
            if (col > 0 && col + gap + w > width) {
                flush(sb, text, shade, sign, signed);
                col = 0;
                gap = 0;
            }
            float v = s.values()[i];
            char ch = Float.isNaN(v) ? '?' : Ansi.shade(s.scale().magnitude(v));
            text.append(" ".repeat(gap)).append(t);
            shade.append(" ".repeat(gap)).append(String.valueOf(ch).repeat(w));
            sign.append(" ".repeat(gap)).append((v < 0 ? "-" : " ").repeat(w));
            col += gap + w;
            if (s.tokens().get(i).endsWith("\n")) {
                flush(sb, text, shade, sign, signed);
                col = 0;
            }
        }
        if (col > 0) {
            flush(sb, text, shade, sign, signed);
        }
    }

    private static void flush(StringBuilder sb, StringBuilder text, StringBuilder shade, StringBuilder sign,
                              boolean signed) {
        sb.append(text).append('\n').append(shade.toString().stripTrailing()).append('\n');
        if (signed && !sign.toString().isBlank()) {
            sb.append(sign.toString().stripTrailing()).append('\n');
        }
        text.setLength(0);
        shade.setLength(0);
        sign.setLength(0);
    }
}
