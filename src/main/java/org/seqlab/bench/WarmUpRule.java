package org.seqlab.bench;

/**
 * Which steps of a bench are warm-up, not timed: the first N given (--warmup N), or by default ({@link #AUTO}) those
 * of the first MIN_NS of training, at least MIN_STEPS of them. The JVM first runs the vector kernels interpreted,
 * then compiled by C1, and C2 compiles the hot ones after seconds of training. On this 2-core machine the GPT bench
 * ran 270 ms a step over its first 10 steps, 45 ms around step 25 and 31-35 ms from step 50 on (4-5 s in), with the
 * JIT still compiling 60-90 ms a second then; the 2x128 RNN reached its 9 ms after about 2 s. JMH likewise leaves
 * out warm-up iterations from any JVM benchmark. The whole run's rate, warm-up included, is printed beside the
 * timed one, and the PyTorch script leaves out the same number of steps.
 */
final class WarmUpRule {
    static final int AUTO = -1, MIN_STEPS = 5;
    static final long MIN_NS = 5_000_000_000L;

    private final int fixed;
    private long start = -1;

    /** fixed: the warm-up steps, or AUTO. */
    WarmUpRule(int fixed) { this.fixed = fixed; }

    /** Whether step s (from 0), starting at nowNs, is timed; called for each step in order until it says true. */
    boolean timed(int s, long nowNs) {
        if (fixed != AUTO) return s >= fixed;
        if (start < 0) start = nowNs;
        return s >= MIN_STEPS && nowNs - start >= MIN_NS;
    }
}
