package org.seqlab.train;

/**
 * Teacher forcing of an encoder-decoder's run ({@code teacher_forcing=}): a fixed ratio in [0, 1] (1: the decoder
 * always reads the target; 0: free running), or scheduled sampling (1 decaying linearly to 0 over the run).
 */
public record Forcing(double ratio, boolean scheduled) {

    /** Always the target. */
    public static final Forcing TEACHER = new Forcing(1, false);

    /** What the decoder reads during training, in words, as the progress states it. */
    public String describe() {
        if (scheduled) return "teacher forcing scheduled: the ratio falls linearly from 1 at the first step to 0 at the last";
        if (ratio >= 1) return "teacher forcing 1: the decoder always reads the target's previous token";
        if (ratio <= 0) return "teacher forcing 0, free running: the decoder always reads its own previous prediction";
        String r = Double.toString(ratio);
        return "teacher forcing " + r + ": the decoder reads the target's previous token with probability " + r + ", else its own prediction";
    }

    /** The ratio at step {@code k} (0-based) of a run of {@code total} steps. */
    public double at(long k, long total) {
        return scheduled ? Math.max(0, 1 - (double) k / Math.max(1, total - 1)) : ratio;
    }
}
