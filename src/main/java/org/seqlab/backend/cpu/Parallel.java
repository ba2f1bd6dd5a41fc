package org.seqlab.backend.cpu;

/**
 * The fast backend's threads, shared by every kernel: matrix products split their tiles over them, and
 * element-wise, row-wise and per-matrix loops split their index range. Ranges are contiguous and their bounds
 * multiples of an alignment, so each element is computed by the same code (vector body, never a scalar tail)
 * whatever the number of threads: results do not depend on it. Work below {@link #MIN_WORK} runs on the caller.
 */
final class Parallel {
    /** The body of a split loop: indices [from, to), run by part (0 is the calling thread). */
    interface Range {
        void run(int part, int from, int to);
    }

    /** Below this many element operations a loop runs on the calling thread: a hand-off costs a few microseconds. */
    static final long MIN_WORK = 1L << 16;

    private WorkerPool pool;

    Parallel(int threads) { setThreads(threads); }

    void setThreads(int threads) {
        if (pool != null && pool.threads() == threads) return;
        if (pool != null) pool.shutdown();
        pool = new WorkerPool(threads);
    }

    int threads() { return pool.threads(); }

    WorkerPool pool() { return pool; }

    /**
     * Runs body over [0, n) split into one contiguous range per thread, each bound (but n) a multiple of align;
     * work is the loop's total cost in element operations, which decides whether splitting pays.
     */
    void forRange(int n, int align, long work, Range body) {
        int units = (n + align - 1) / align;
        int parts = work < MIN_WORK ? 1 : Math.min(pool.threads(), units);
        if (parts <= 1) {
            body.run(0, 0, n);
            return;
        }
        pool.run((part, ps) -> {
            int from = (int) Math.min(n, (long) units * part / ps * align);
            int to = (int) Math.min(n, (long) units * (part + 1) / ps * align);
            if (from < to) body.run(part, from, to);
        }, parts);
    }
}
