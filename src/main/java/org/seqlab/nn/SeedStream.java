package org.seqlab.nn;

/**
 * A random stream a checkpoint can carry: exactly {@code new java.util.Random(seed)}'s {@code nextLong()} and
 * {@code nextDouble()} sequences, with the generator's 48-bit state readable and settable, so a resumed run
 * draws what an uninterrupted one would. Used for the seeds of each dropout site's masks and for the coin of
 * seq2seq teacher forcing.
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

    /** A uniform double in [0, 1), as {@link java.util.Random#nextDouble()}. */
    public double nextDouble() {
        return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }

    /** The generator's state (48 bits), for checkpoints. */
    public long state() {
        return state;
    }

    public void setState(long s) {
        state = s & MASK;
    }
}
