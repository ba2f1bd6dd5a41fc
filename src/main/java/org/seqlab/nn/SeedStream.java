package org.seqlab.nn;

/**
 * The seeds of one dropout site's masks: exactly {@code new java.util.Random(seed).nextLong()}'s
 * sequence, with the generator's 48-bit state readable and settable, so a checkpoint can carry it and a
 * resumed run draws the very masks an uninterrupted one would.
 */
public final class SeedStream {
    private static final long MULTIPLIER = 0x5DEECE66DL, ADDEND = 0xBL, MASK = (1L << 48) - 1;
    private long state;

    public SeedStream(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
    }

    private int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    /** The next mask seed. */
    public long nextLong() {
        return ((long) next(32) << 32) + next(32);
    }

    /** The generator's state (48 bits), for checkpoints. */
    public long state() {
        return state;
    }

    public void setState(long s) {
        state = s & MASK;
    }
}
