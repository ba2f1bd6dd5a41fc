package org.seqlab.bench;

import java.util.Arrays;

/**
 * A bench run's steps as both benches count them: which are warm-up ({@link WarmUpRule}), every step's wall time
 * (warm-up included, for the whole run's rate and --step-times) and the last 10 losses (the reported train loss).
 */
final class StepLog {
    private final WarmUpRule rule;
    private final int timedSteps;
    private long[] ns;
    private final double[] lastLosses = new double[10];
    private int steps, warm = -1;

    /** warmup: --warmup N or {@link WarmUpRule#AUTO}; timedSteps: --steps N. */
    StepLog(int warmup, int timedSteps) {
        this.rule = new WarmUpRule(warmup);
        this.timedSteps = timedSteps;
        this.ns = new long[timedSteps + Math.max(WarmUpRule.MIN_STEPS, warmup)];
    }

    /** Whether the run is over: warm-up done and timedSteps timed steps taken. */
    boolean done() { return warm >= 0 && steps - warm >= timedSteps; }

    /** Called as the next step starts at nowNs: whether it is timed (the first that is ends the warm-up). */
    boolean starting(long nowNs) {
        if (warm < 0 && rule.timed(steps, nowNs)) warm = steps;
        return warm >= 0;
    }

    /** The step just started took stepNs and gave loss. */
    void finished(long stepNs, double loss) {
        if (steps == ns.length) ns = Arrays.copyOf(ns, 2 * steps);
        ns[steps] = stepNs;
        lastLosses[steps % lastLosses.length] = loss;
        steps++;
    }

    /** Steps taken, warm-up included. */
    int steps() { return steps; }

    /** Steps taken since the warm-up ended (0 while it lasts). */
    int timed() { return warm < 0 ? 0 : steps - warm; }

    /** Warm-up steps (-1 while the warm-up lasts). */
    int warmup() { return warm; }

    /** Every step's wall time in ns, warm-up included. */
    long[] stepNs() { return Arrays.copyOf(ns, steps); }

    /** The timed steps' wall times in ns. */
    long[] timedNs() { return Arrays.copyOfRange(ns, Math.max(0, warm), steps); }

    /** Seconds of all steps, warm-up included. */
    double wholeSeconds() { return Arrays.stream(ns, 0, steps).sum() / 1e9; }

    /** Mean loss of the last 10 steps (fewer in a shorter run). */
    double trainLoss() { return Arrays.stream(lastLosses, 0, Math.min(steps, lastLosses.length)).average().orElse(Double.NaN); }
}
