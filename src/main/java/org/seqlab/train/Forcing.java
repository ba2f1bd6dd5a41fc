package org.seqlab.train;

/**
 * Teacher forcing of an encoder-decoder's run ({@code teacher_forcing=}): a fixed ratio in [0, 1] (1: the decoder
 * always reads the target; 0: free running), or scheduled sampling (1 decaying linearly to 0 over the run).
 */
public record Forcing(double ratio, boolean scheduled) {

    /** Always the target. */
    public static final Forcing TEACHER = new Forcing(1, false);

    /** The ratio at step {@code k} (0-based) of a run of {@code total} steps. */
    public double at(long k, long total) {
        return scheduled ? Math.max(0, 1 - (double) k / Math.max(1, total - 1)) : ratio;
    }
}
