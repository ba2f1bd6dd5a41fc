package org.seqlab.train;

/**
 * Learning rate at a step of a run: linear warm-up from lr/warmup to lr over {@code warmup} steps, then
 * constant, cosine (to 0 at the end of the run), linear (to 0) or step (x0.1 at half and again at three
 * quarters of the run, as torch's MultiStepLR with milestones there).
 */
public final class Schedule {

    private Schedule() {
    }

    /** @param t the step within this run, 0-based; total the run's steps */
    public static float rate(String kind, float lr, int warmup, long t, long total) {
        if (t < warmup) return lr * (t + 1) / warmup;
        long span = Math.max(1, total - warmup);
        double p = Math.min(1.0, (double) (t - warmup) / span);
        return switch (kind) {
            case "cosine" -> (float) (lr * 0.5 * (1 + Math.cos(Math.PI * p)));
            case "linear" -> (float) (lr * (1 - p));
            case "step" -> (float) (lr * (p >= 0.75 ? 0.01 : p >= 0.5 ? 0.1 : 1.0));
            default -> lr;
        };
    }
}
