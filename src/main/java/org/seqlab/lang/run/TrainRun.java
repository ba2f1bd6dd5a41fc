package org.seqlab.lang.run;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.seqlab.data.DataException;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Statement;
import org.seqlab.session.StatusLine;
import org.seqlab.session.TrainingJob;
import org.seqlab.train.Progress;
import org.seqlab.train.Trainer;

/**
 * A train statement made ready up to its first step (data resolved, model compiled, options read),
 * so it can run in the foreground or on a training thread. Training changes the model's session in
 * place: the workspace that holds the session sees the weights as they are after each step. Every model
 * kind trains through the one {@link Trainer} loop; the {@link Body} says which state and options it runs
 * with, and progress, rules, stopping and the background job are shared.
 */
public final class TrainRun implements TrainingJob {

    /** The trainer of the model's kind, run once with the progress, hook and stop flag given. */
    interface Body {
        Trainer.Result run(Progress progress, Trainer.Hook hook, AtomicBoolean stop);
    }

    private final String model;
    private final Statement.Train statement;
    private final Body body;
    private final BiConsumer<Statement, PrintStream> rules;

    TrainRun(String model, Statement.Train statement, Body body, BiConsumer<Statement, PrintStream> rules) {
        this.model = model;
        this.statement = statement;
        this.body = body;
        this.rules = rules;
    }

    /** The train statement this run carries out. */
    Statement.Train statement() {
        return statement;
    }

    @Override public SourceSpan span() {
        return statement.span();
    }

    /** The name of the model this run trains. */
    @Override public String model() {
        return model;
    }

    /**
     * Runs to the end, to {@code stop} (checked at each step boundary) or to a rule's stop, printing
     * progress to {@code out}. After each step the block's rules run, then {@code boundary}; both see
     * the weights of that step (and, for recurrent models, the carried state is put back after them).
     */
    Trainer.Result run(PrintStream out, Trainer.Hook boundary, AtomicBoolean stop) {
        return run(out, StatusLine.NONE, boundary, stop);
    }

    /** As {@link #run(PrintStream, Trainer.Hook, AtomicBoolean)}, the live progress line on {@code status}. */
    @Override public Trainer.Result run(PrintStream out, StatusLine status, Trainer.Hook boundary, AtomicBoolean stop) {
        ConsoleProgress progress = new ConsoleProgress(out, status);
        RuleHook ruleHook = new RuleHook(statement.rules(), st -> rules.accept(st, out), progress);
        Trainer.Hook hook = r -> ruleHook.afterStep(r) || boundary.afterStep(r);
        Trainer.Result r;
        try {
            r = body.run(progress, hook, stop);
        } catch (DataException | UncheckedIOException e) {
            throw RunFailure.at(statement.span(), e.getMessage());
        }
        if (r.end() == Trainer.End.NOT_FINITE) {
            out.println("training stopped: " + r.message());
        }
        return r;
    }
}
