package org.seqlab.train;

import org.seqlab.nn.SeedStream;

/**
 * What an encoder-decoder model carries from one {@code train} to the next besides its weights and optimizer:
 * the step count, where the shuffling batcher stands, the seed of that layout's shuffles, and the state of
 * the teacher-forcing coin. A later run on the same data and batch size (after a {@code load} too, whatever
 * the session's seed) goes on exactly as an uninterrupted run would; another layout starts afresh from the
 * run's seed.
 */
public final class Seq2SeqState {
    /** Teacher forcing's coin is seeded apart from the shuffles; the value is part of saved runs' history. */
    private static final long COIN_SALT = 0x5EED5EEDL;

    private long step;
    private String batcherKey;
    private long batcherStep;
    private long seed;
    private final SeedStream coin = new SeedStream(0);

    public long step() { return step; }

    public void setStep(long s) { step = s; }

    /** "DATA batch=B": the layout the batcher position, seed and coin belong to; null before a run. */
    public String batcherKey() { return batcherKey; }

    public long batcherStep() { return batcherStep; }

    public void setBatcherStep(long s) { batcherStep = s; }

    /** The seed of the layout's shuffles (and, salted, of its coin). */
    public long seed() { return seed; }

    /** The teacher-forcing coin (live: draws advance it). */
    public SeedStream coin() { return coin; }

    /** Continues the layout {@code key} if it is the current one, else starts it from the batcher's first batch. */
    public void enter(String key, long runSeed) {
        if (key.equals(batcherKey)) return;
        restore(key, 0, runSeed, new SeedStream(runSeed ^ COIN_SALT).state());
    }

    /** Sets everything but the step (a checkpoint's values). */
    public void restore(String key, long position, long runSeed, long coinState) {
        batcherKey = key;
        batcherStep = position;
        seed = runSeed;
        coin.setState(coinState);
    }
}
