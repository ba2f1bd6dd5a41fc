package org.seqlab.session;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.seqlab.diag.SourceSpan;
import org.seqlab.train.Trainer;

/** A training run made ready on the prompt's thread, to run on a {@link Background} job's thread. */
public interface TrainingJob {

    /** The name of the model it trains. */
    String model();

    /** Where the {@code train} statement is (internal failures are reported there). */
    SourceSpan span();

    /**
     * Runs to the end, to {@code stop} (checked at each step boundary) or to a rule's stop, printing progress to
     * {@code out} and the live line to {@code status}; {@code boundary} runs after each step, seeing its weights.
     */
    Trainer.Result run(PrintStream out, StatusLine status, Trainer.Hook boundary, AtomicBoolean stop);
}
