package org.seqlab.session;

import java.io.PrintStream;
import java.util.List;
import org.seqlab.lang.ast.Statement;

/**
 * What a {@link Background} job needs from the interpreter that owns it: to make a {@code train} statement
 * ready, and to run statements as if typed. Each method throws what the interpreter throws for a failed
 * statement (a {@link org.seqlab.diag.Diagnosed} failure); the workspace then stays as it was.
 */
public interface JobHost {

    /**
     * Makes {@code train} ready up to its first step on the caller's thread, committing the model's session to
     * the workspace; null when the engine trains only in the foreground.
     */
    TrainingJob prepare(Statement.Train train, PrintStream out);

    /** Runs one statement now (at a step boundary, on the training thread). */
    void runNow(Statement s, PrintStream out);

    /** Runs statements in order as if just typed (a {@code train} among them starts a new job). */
    void runLater(List<Statement> entry, PrintStream out);
}
