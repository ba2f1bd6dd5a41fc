package org.seqlab.lang.run;

import java.io.PrintStream;
import org.seqlab.lang.ast.Statement;
import org.seqlab.session.Workspace;

/**
 * The seam between the language and the engine: one method per statement that needs tensors,
 * data or training. Each receives the checked statement (every argument named), the workspace
 * copy it may change, and the output stream. Failing means throwing {@link RunFailure} (or a
 * DiagnosticException); the workspace copy is then dropped. The defaults belong to an engine that only
 * checks and records (the warm-up, tests): a statement that needs tensors says so at its line; data
 * declarations and model definitions are only recorded. The real engine is {@link TensorEngine}.
 */
public interface Engine {

    String NOT_YET = "not available in this engine: it checks statements but does not run them";

    private static RunFailure notYet(Statement s) {
        return RunFailure.at(s.span(), NOT_YET);
    }

    /**
     * Ctrl-C while a statement runs in the foreground (any thread may call this). True when the
     * engine ends the statement itself (training stops at its next step, keeping its weights); false
     * to have the statement's thread interrupted, which ends it with nothing changed.
     */
    default boolean interrupt() {
        return false;
    }

    /** A data declaration was recorded; an engine may load or validate it now (default: lazily later). */
    default void declareData(Statement.DataDecl s, Workspace ws, PrintStream out) {
    }

    /** A model was (re)defined; an engine may drop compiled state kept under its name. */
    default void modelDefined(Statement.ModelDef s, Workspace ws, PrintStream out) {
    }

    /** A setting changed ({@code set backend=cuda}); it is already in {@code ws.settings()}. */
    default void settingChanged(String name, Workspace ws, PrintStream out) {
    }

    default void train(Statement.Train s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    /**
     * Everything of a train statement up to its first step, done on {@code ws}: the run, ready to start
     * on a training thread (the interactive REPL's background job). Null: this engine trains only in
     * the foreground, through {@link #train}.
     */
    default TrainRun prepareTrain(Statement.Train s, Workspace ws, PrintStream out) {
        return null;
    }

    default void evaluate(Statement.Evaluate s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void compare(Statement.Compare s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void sample(Statement.Sample s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void translate(Statement.Translate s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void inspect(Statement.Inspect s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void similarity(Statement.Similarity s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void analogy(Statement.Analogy s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void plot(Statement.Plot s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    /** Default: the model's layers as written, without shapes or parameter counts. */
    default void summary(Statement.Summary s, Workspace ws, PrintStream out) {
        String name = s.model() != null ? s.model().name() : ws.scope().current();
        Statement.ModelDef m = ws.scope().models().get(name);
        if (m == null) {
            throw RunFailure.at(s.span(), "no model to summarise yet", "define one: model lm { ... }");
        }
        out.print(ModelPrinter.print(m));
        out.println("(output shapes and parameter counts need a model compiled against its data)");
    }

    default void save(Statement.Save s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void load(Statement.Load s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void export(Statement.Export s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void fill(Statement.Fill s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void classify(Statement.Classify s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void forecast(Statement.Forecast s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    default void vectors(Statement.Vectors s, Workspace ws, PrintStream out) {
        throw notYet(s);
    }

    /** An engine that checks and records only: everything at its default. */
    Engine NONE = new Engine() {
    };
}
