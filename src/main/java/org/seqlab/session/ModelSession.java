package org.seqlab.session;

import java.io.PrintStream;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.TrainState;

/**
 * What the session keeps per model in the {@link Workspace} ({@link Workspace#model}), for every model kind
 * (plain and encoder-decoder): the compiled model, its training state, the options of its last run (for save),
 * the masking rate of its last masked run, and how many samples it drew.
 */
public final class ModelSession {
    /** The network compiled against its data (shapes, vocabulary, notes). */
    public final CompiledModel compiled;
    /** Weights, optimiser, step and history: what training changes in place. */
    public final TrainState state;
    /** The seed the model was compiled with (initial weights); samples derive theirs from it. */
    public final long seed;
    private TrainConfig lastConfig;
    private float lastDropout = Float.NaN;
    private double maskRate;
    private int samplesDrawn;
    private boolean notesShown;

    public ModelSession(CompiledModel compiled, TrainState state, long seed) {
        this.compiled = compiled;
        this.state = state;
        this.seed = seed;
        // Data-parallel training's replicas: the same definition compiled again on a shard's backend.
        if (compiled.model() != null) {
            state.replicas(ModelCompiler.replicas(compiled.source(), compiled.data(), seed));
        }
    }

    /** A model that has just met its data, with a fresh training state of its kind. */
    public ModelSession(CompiledModel compiled, long seed) {
        this(compiled, new TrainState(compiled.net(), compiled.data().kind(), compiled.outputKind()), seed);
    }

    /**
     * This model grown into {@code compiled} (objective=masked+next_sentence added to a masked model): its training
     * state carried over ({@link TrainState#carriedTo}), and the seed, last run's options, masking rate and samples
     * drawn kept. This session is left as it was.
     */
    public ModelSession grown(CompiledModel compiled) {
        ModelSession g = new ModelSession(compiled, state.carriedTo(compiled.net()), seed);
        g.lastConfig = lastConfig;
        g.maskRate = maskRate;
        g.samplesDrawn = samplesDrawn;
        g.notesShown = notesShown;
        return g;
    }

    /** The encoder-decoder this session trains; null for a plain model. */
    public EncoderDecoder encoderDecoder() {
        return compiled.encoderDecoder();
    }

    /** The options of the last training run (save writes them); null before one. */
    public TrainConfig lastConfig() {
        return lastConfig;
    }

    public void lastConfig(TrainConfig c) {
        lastConfig = c;
    }

    /** The last run's {@code dropout=} (every dropout site at that rate for the run); NaN when it kept the model's rates. */
    public float lastDropout() {
        return lastDropout;
    }

    public void lastDropout(float p) {
        lastDropout = p;
    }

    /** The masking rate of the last objective=masked run; 0 before one. */
    public double maskRate() {
        return maskRate;
    }

    public void maskRate(double rate) {
        maskRate = rate;
    }

    /** How many samples this model has drawn, counting up with each (it seeds the next one). */
    public int nextSample() {
        return samplesDrawn++;
    }

    /** The compiler's notes (vectors loaded for an embedding), printed once, when the model first meets its data. */
    public void printNotes(PrintStream out) {
        if (notesShown) return;
        notesShown = true;
        for (String n : compiled.notes()) out.println(n);
    }
}
