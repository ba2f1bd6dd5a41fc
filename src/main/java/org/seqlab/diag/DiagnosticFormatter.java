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
        StringBuilder out = new StringBuilder(d.headline()).append('\n');
        String source = SourceText.line(d.span().file(), d.span().line());
        if (source != null) {
            String shown = source.replace('\t', ' ');
            out.append("  ").append(shown).append('\n');
            int col = Math.min(d.span().column(), shown.length() + 1);
            int len = Math.max(1, Math.min(d.span().length(), shown.length() - col + 1));
            out.append("  ").append(" ".repeat(col - 1)).append('^').append("~".repeat(len - 1)).append('\n');
        }
        d.hintText().ifPresent(h -> out.append("  hint: ").append(h).append('\n'));
        return out.toString();
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
