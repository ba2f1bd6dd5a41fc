package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.diag.SourceSpan;

/** The errors a check has found so far; a check reports every independent error, not just the first. */
final class Report {

    private final List<Diagnostic> errors = new ArrayList<>();

    /**
     * Thrown when {@link DiagnosticFormatter#MAX_COLLECTED} errors are in: the check stops there, so a
     * file of 100,000 bad arguments costs no more than one of a hundred.
     */
    static final class Full extends Error {
        // An Error, not a RuntimeException: a stop signal that no handler for failed statements may take for one.
        Full() {
            super(null, null, false, false);
        }
    }

    void error(SourceSpan span, String message) {
        add(Diagnostic.error(span, message));
    }

    void error(SourceSpan span, String message, String hint) {
        add(Diagnostic.error(span, message, hint));
    }

    void addAll(List<Diagnostic> ds) {
        for (Diagnostic d : ds) {
            add(d);
        }
    }

    private void add(Diagnostic d) {
        errors.add(d);
        if (errors.size() >= DiagnosticFormatter.MAX_COLLECTED) {
            throw new Full();
        }
    }

    int count() {
        return errors.size();
    }

    List<Diagnostic> errors() {
        return errors;
    }
}
