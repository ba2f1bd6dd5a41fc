package org.seqlab.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast backend's threads, shared by every kernel: matrix products split their tiles over them, and
 * element-wise, row-wise and per-matrix loops split their index range. Chunks are contiguous and their bounds
 * multiples of an alignment, so each element is computed by the same code (vector body, never a scalar tail)
 * whatever the number of threads or who took which chunk: results do not depend on it. A body must not use
 * this pool itself (it is not reentrant). Work below {@link #MIN_WORK} runs on the caller.
 */
final class Parallel {
    /** The body of a split loop: indices [from, to), run by part (each part number by one thread at a time, whichever claims it). */
    interface Range {
        void run(int part, int from, int to);
    }

    /** Chunks per thread of a split loop. */
    private static final int CHUNKS_PER_PART = 4;

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
     * Runs body over [0, n) in contiguous chunks, about CHUNKS_PER_PART per thread, each bound (but n) a multiple
     * of align; the threads take chunks in turn, so a thread that starts late or runs slower takes fewer. work is
     * the loop's total cost in element operations, which decides whether splitting pays.
     */
    void forRange(int n, int align, long work, Range body) {
        int units = (n + align - 1) / align;
        int parts = work < MIN_WORK ? 1 : Math.min(pool.threads(), units);
        if (parts <= 1) {
            body.run(0, 0, n);
            return;
        }
        int chunks = Math.min(units, CHUNKS_PER_PART * parts);
        AtomicInteger next = new AtomicInteger();
        pool.run((part, ps) -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                int from = (int) Math.min(n, (long) units * c / chunks * align);
                int to = (int) Math.min(n, (long) units * (c + 1) / chunks * align);
                if (from < to) body.run(part, from, to);
            }
        }, parts);
    }
}
