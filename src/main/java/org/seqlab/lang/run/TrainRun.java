package org.seqlab.lang.run;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.seqlab.data.DataException;
import org.seqlab.data.Dataset;
import org.seqlab.lang.ast.Statement;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.Trainer;

/**
 * A train statement made ready up to its first step (data resolved, model compiled, options read),
 * so it can run in the foreground or on a training thread. Training changes the model's session in
 * place: the workspace that holds the session sees the weights as they are after each step.
 */
public final class TrainRun {
    private final String model;
    private final Statement.Train statement;
    private final ModelSession session;
    private final Dataset data;
    private final TrainConfig cfg;
    private final BiConsumer<Statement, PrintStream> rules;
    private final DropoutOverride dropout;

    TrainRun(String model, Statement.Train statement, ModelSession session, Dataset data, TrainConfig cfg,
            DropoutOverride dropout, BiConsumer<Statement, PrintStream> rules) {
        this.model = model;
        this.statement = statement;
        this.session = session;
        this.data = data;
        this.cfg = cfg;
        this.rules = rules;
        this.dropout = dropout;
    }

    /** The name of the model this run trains. */
    public String model() {
        return model;
    }

    /**
     * Runs to the end, to {@code stop} (checked at each step boundary) or to a rule's stop, printing
     * progress to {@code out}. After each step the block's rules run, then {@code boundary}; both see
     * the weights of that step and the carried state is put back after them. A {@code dropout=} option
     * holds for the run only.
     */
    Trainer.Result run(PrintStream out, Trainer.Hook boundary, AtomicBoolean stop) {
        return run(out, StatusLine.NONE, boundary, stop);
    }

    /** As {@link #run(PrintStream, Trainer.Hook, AtomicBoolean)}, the live progress line on {@code status}. */
    Trainer.Result run(PrintStream out, StatusLine status, Trainer.Hook boundary, AtomicBoolean stop) {
        ConsoleProgress progress = new ConsoleProgress(out, status);
        RuleHook ruleHook = new RuleHook(statement.rules(), st -> rules.accept(st, out), progress);
        Trainer.Hook hook = r -> ruleHook.afterStep(r) || boundary.afterStep(r);
        Trainer.Result r;
        try (DropoutOverride ignored = dropout.apply()) {
            r = new Trainer(session.state, data, cfg, progress, hook, stop).run();
        } catch (DataException | UncheckedIOException e) {
            throw RunFailure.at(statement.span(), e.getMessage());
        }
        if (r.end() == Trainer.End.NOT_FINITE) {
            out.println("training stopped: " + r.message());
        }
        return r;
    }
}
