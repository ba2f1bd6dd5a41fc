package org.seqlab.inspect.render;

/**
 * Tokens as labels: whitespace made visible (space ␣, newline ↵, tab ⇥, carriage return ␍, other
 * control characters as U+XXXX) and long labels cut to a width with an ellipsis. Widths count code
 * points; every character is taken as one column wide.
 */
final class TokenLabels {

    private TokenLabels() {
    }

    static String visible(String token) {
        if (token.isEmpty()) {
            return "∅";
        }
        StringBuilder sb = new StringBuilder();
        token.codePoints().forEach(cp -> {
            switch (cp) {
                case ' ' -> sb.append('␣');
                case '\n' -> sb.append('↵');
                case '\t' -> sb.append('⇥');
                case '\r' -> sb.append('␍');
                default -> {
                    if (Character.isISOControl(cp)) {
                        sb.append(String.format("U+%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }

    static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    /** s cut to at most w columns, ending in '…' when cut. */
    static String fit(String s, int w) {
        if (width(s) <= w) {
            return s;
        }
        if (w <= 0) {
            return "";
        }
        int end = s.offsetByCodePoints(0, w - 1);
        return s.substring(0, end) + "…";
    }

    static String padRight(String s, int w) {
        String f = fit(s, w);
        return f + " ".repeat(w - width(f));
    }

    static String padLeft(String s, int w) {
        String f = fit(s, w);
        return " ".repeat(w - width(f)) + f;
    }

    static String center(String s, int w) {
        String f = fit(s, w);
        int pad = w - width(f);
        return " ".repeat(pad / 2) + f + " ".repeat(pad - pad / 2);
    }
}
