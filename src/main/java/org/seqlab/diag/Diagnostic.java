package org.seqlab.diag;

import java.util.Optional;

/**
 * One message to the user about a place in their text. Every error seqlab reports, from the
 * parser to a shape mismatch found when a model meets its data, is one of these, printed by
 * {@link DiagnosticFormatter}.
 *
 * @param hint a follow-up line such as {@code did you mean 'lstm'?}, or null
 */
public record Diagnostic(Severity severity, SourceSpan span, String message, String hint) {

    public static Diagnostic error(SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, span, message, null);
    }

    public static Diagnostic error(SourceSpan span, String message, String hint) {
        return new Diagnostic(Severity.ERROR, span, message, hint);
    }

    public Optional<String> hintText() {
        return Optional.ofNullable(hint);
    }

    /** The first line alone: {@code FILE:LINE:COL: error: message}. */
    public String headline() {
        return span + ": " + severity.word() + ": " + message;
    }
}
