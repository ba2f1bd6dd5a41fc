package org.seqlab.diag;

import java.util.List;

/**
 * A failure that carries its own diagnostics to print (a checking error, a statement that failed while
 * running): whoever catches one prints {@link #diagnostics()} with {@link DiagnosticFormatter}, never a stack trace.
 */
public interface Diagnosed {
    List<Diagnostic> diagnostics();
}
