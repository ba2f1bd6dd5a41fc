package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.SourceSpan;

/** The errors a check has found so far; a check reports every independent error, not just the first. */
final class Report {

    private final List<Diagnostic> errors = new ArrayList<>();

    void error(SourceSpan span, String message) {
        errors.add(Diagnostic.error(span, message));
    }

    void error(SourceSpan span, String message, String hint) {
        errors.add(Diagnostic.error(span, message, hint));
    }

    void addAll(List<Diagnostic> ds) {
        errors.addAll(ds);
    }

    int count() {
        return errors.size();
    }

    List<Diagnostic> errors() {
        return errors;
    }
}
