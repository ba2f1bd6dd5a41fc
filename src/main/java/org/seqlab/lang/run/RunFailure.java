package org.seqlab.lang.run;

import java.util.List;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.SourceSpan;

/**
 * A statement failed while running (exit 70 in batch). The workspace is left as it was before the
 * statement. Engines throw this (or a DiagnosticException, which the interpreter wraps).
 */
public final class RunFailure extends RuntimeException implements org.seqlab.diag.Diagnosed {

    private final List<Diagnostic> diagnostics;

    public RunFailure(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "run failure" : diagnostics.get(0).headline(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** A failure inside seqlab (kept as the cause, for --debug), reported as {@code diagnostic}. */
    public RunFailure(Diagnostic diagnostic, Throwable cause) {
        super(diagnostic.headline(), cause, false, false);
        this.diagnostics = List.of(diagnostic);
    }

    public static RunFailure at(SourceSpan span, String message) {
        return new RunFailure(List.of(Diagnostic.error(span, message)));
    }

    public static RunFailure at(SourceSpan span, String message, String hint) {
        return new RunFailure(List.of(Diagnostic.error(span, message, hint)));
    }

    @Override public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
