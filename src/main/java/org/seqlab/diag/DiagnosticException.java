package org.seqlab.diag;

import java.util.List;

/**
 * Carries one or more diagnostics out of a pass that found bad input. Callers print them with
 * {@link DiagnosticFormatter}; no stack trace of this ever reaches the user.
 */
public final class DiagnosticException extends RuntimeException implements Diagnosed {

    private final List<Diagnostic> diagnostics;

    public DiagnosticException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "no diagnostics" : diagnostics.get(0).headline(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public DiagnosticException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public static DiagnosticException at(SourceSpan span, String message) {
        return new DiagnosticException(Diagnostic.error(span, message));
    }

    public static DiagnosticException at(SourceSpan span, String message, String hint) {
        return new DiagnosticException(Diagnostic.error(span, message, hint));
    }

    @Override public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
