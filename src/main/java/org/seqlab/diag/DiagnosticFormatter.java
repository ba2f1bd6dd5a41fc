package org.seqlab.diag;

import java.util.List;

/**
 * The one format for every error:
 *
 * <pre>
 * quick.seq:3:9: error: unknown layer kind 'lstn'
 *   layer lstn(hidden=128)
 *         ^~~~
 *   hint: did you mean 'lstm'?
 * </pre>
 */
public final class DiagnosticFormatter {

    /** Beyond this many errors a script's report says how many more there were. */
    public static final int MAX_REPORTED = 20;

    /** A pass stops looking once it has found this many errors (it bounds the work on a file of noise). */
    public static final int MAX_COLLECTED = 100;

    private DiagnosticFormatter() {
    }

    public static String format(Diagnostic d) {
        StringBuilder out = new StringBuilder(visible(d.headline())).append('\n');
        String source = SourceText.line(d.span().file(), d.span().line());
        if (source != null) {
            // Characters that would break or hide the line are shown escaped; the caret follows them.
            StringBuilder shown = new StringBuilder();
            int[] at = new int[source.length() + 2];
            for (int i = 0; i < source.length(); i++) {
                at[i] = shown.length();
                char c = source.charAt(i);
                shown.append(c == '\t' ? " " : visible(String.valueOf(c)));
            }
            at[source.length()] = shown.length();
            at[source.length() + 1] = shown.length() + 1;
            out.append("  ").append(shown).append('\n');
            int from = Math.min(d.span().column(), source.length() + 1) - 1;
            int to = Math.min(from + Math.max(1, d.span().length()), source.length() + 1);
            int col = at[from];
            int len = Math.max(1, Math.min(at[to] - col, shown.length() - col));
            out.append("  ").append(" ".repeat(col)).append('^').append("~".repeat(len - 1)).append('\n');
        }
        d.hintText().ifPresent(h -> out.append("  hint: ").append(visible(h)).append('\n'));
        return out.toString();
    }

    /**
     * {@code text} with the characters that break or hide a terminal line written as escapes: controls
     * (\0, \r, \n, ESC ...), C1 controls such as NEL, and the Unicode line and paragraph separators.
     */
    public static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hidden = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (hidden && out == null) out = new StringBuilder(text.substring(0, i));
            if (out == null) continue;
            if (!hidden) out.append(c);
            else if (c == 0) out.append("\\0");
            else if (c == '\r') out.append("\\r");
            else if (c == '\n') out.append("\\n");
            else out.append(String.format("\\u%04X", (int) c));
        }
        return out == null ? text : out.toString();
    }

    public static String format(List<Diagnostic> ds) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(ds.size(), MAX_REPORTED);
        for (int i = 0; i < shown; i++) {
            out.append(format(ds.get(i)));
        }
        if (ds.size() > shown) {
            out.append("... and ").append(ds.size() - shown).append(" more errors")
                    .append(ds.size() >= MAX_COLLECTED ? " (the check stopped at " + MAX_COLLECTED + ")" : "").append('\n');
        }
        return out.toString();
    }
}
