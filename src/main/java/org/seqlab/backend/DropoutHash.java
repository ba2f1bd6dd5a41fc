package org.seqlab.backend;

/** The counter-based random numbers behind dropout masks, so every backend draws the same mask. */
public final class DropoutHash {
    private DropoutHash() {}

    /** A uniform number in [0, 1) from (seed, index): SplitMix64's finaliser on seed + index. */
    public static float uniform(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) * 0x1.0p-24f;
    }
}
