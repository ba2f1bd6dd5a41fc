package org.seqlab.lang.run;

import org.seqlab.compile.CompiledModel;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.TrainState;

/**
 * What the engine keeps per model in the {@link Workspace} ({@link Workspace#model}), for every model kind
 * (plain and encoder-decoder): the compiled model, its training state, the options of its last run (for save),
 * and how many samples it drew.
 */
final class ModelSession {
    final CompiledModel compiled;
    final TrainState state;
    final long seed;
    TrainConfig lastConfig;
    /** The masking rate of the last objective=masked run; 0 before one. */
    double maskRate;
    int samplesDrawn;
    private boolean notesShown;

    ModelSession(CompiledModel compiled, TrainState state, long seed) {
        this.compiled = compiled;
        this.state = state;
        this.seed = seed;
    }

    /** A model that has just met its data, with a fresh training state of its kind. */
    ModelSession(CompiledModel compiled, long seed) {
        this(compiled, compiled.encoderDecoder() != null ? new TrainState(compiled.encoderDecoder())
                : new TrainState(compiled.model(), compiled.data().kind(), compiled.outputKind()), seed);
    }

    /** The encoder-decoder this session trains; null for a plain model. */
    EncoderDecoder encoderDecoder() {
        return compiled.encoderDecoder();
    }

    /** The compiler's notes (vectors loaded for an embedding), printed once, when the model first meets its data. */
    void printNotes(java.io.PrintStream out) {
        if (notesShown) return;
        notesShown = true;
        for (String n : compiled.notes()) out.println(n);
    }

}
