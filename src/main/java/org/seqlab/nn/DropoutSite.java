package org.seqlab.nn;

/**
 * One place in a model where dropout may act: a dropout layer, between stacked recurrent layers,
 * on attention weights, inside a transformer block. It holds the rate the model was built with, the
 * rate in force (a {@code train ... dropout=p} run overrides it for that run) and the stream of mask
 * seeds, whose state checkpoints keep.
 */
public final class DropoutSite {
    private final float built;
    private float rate;
    private final SeedStream seeds;

    public DropoutSite(float rate, long seed) {
        check(rate);
        this.built = rate;
        this.rate = rate;
        this.seeds = new SeedStream(seed);
    }

    private static void check(float p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }

    /** The rate in force. */
    public float rate() {
        return rate;
    }

    /** The rate the model was built with. */
    public float builtRate() {
        return built;
    }

    /** Sets the rate in force (a training run's {@code dropout=}); {@link #restore} undoes it. */
    public void override(float p) {
        check(p);
        rate = p;
    }

    /** Back to the rate the model was built with. */
    public void restore() {
        rate = built;
    }

    public SeedStream seeds() {
        return seeds;
    }
}
