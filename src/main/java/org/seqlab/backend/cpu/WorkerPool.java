package org.seqlab.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run one task split into parts; the caller runs part 0 and waits.
 * Workers spin briefly between tasks (recurrent steps come every few microseconds), then park.
 * Every worker takes part in every task (parts past nParts return at once), so none can fall a task behind.
 * Not reentrant: one task at a time, from one calling thread.
 */
final class WorkerPool {
    /** One part of a split task. */
    interface Task {
        void run(int part, int parts);
    }

    private static final int SPIN = 2_000;

    private final Thread[] workers;
    private volatile Task task;
    private volatile int parts;
    private volatile long generation;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean stopped;
    /** The first exception a worker's part threw in the current task (read by the caller after all are done). */
    private volatile Throwable workerFailure;

    WorkerPool(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int w = 0; w < workers.length; w++) {
            final int part = w + 1;
            workers[w] = new Thread(() -> loop(part), "seqlab-cpu-" + part);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    int threads() { return workers.length + 1; }

    /**
     * Runs task.run(p, parts) for p in [0, parts), parts <= threads(); returns when all are done. A part that
     * throws does not end its thread or leave others running: every part finishes, then the first failure is
     * rethrown here (the caller's own before a worker's).
     */
    void run(Task t, int nParts) {
        if (nParts <= 1 || workers.length == 0) {
            t.run(0, 1);
            return;
        }
        nParts = Math.min(nParts, threads());
        caller = Thread.currentThread();
        pending.set(workers.length);
        task = t;
        parts = nParts;
        generation++;
        for (Thread w : workers) LockSupport.unpark(w);
        Throwable mine = null;
        try {
            t.run(0, nParts);
        } catch (Throwable e) {
            mine = e;
        }
        int spins = 0;
        while (pending.get() > 0) {
            if (++spins > SPIN) LockSupport.parkNanos(this, 20_000);
            else Thread.onSpinWait();
        }
        Throwable failure = mine != null ? mine : workerFailure;
        workerFailure = null;
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private void loop(int part) {
        long seen = 0;
        while (!stopped) {
            int spins = 0;
            while (generation == seen) {
                if (stopped) return;
                if (++spins > SPIN) LockSupport.park(this);
                else Thread.onSpinWait();
            }
            seen = generation;
            try {
                if (part < parts) task.run(part, parts);
            } catch (Throwable e) {
                synchronized (this) {
                    if (workerFailure == null) workerFailure = e;
                }
            } finally {
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    /** Lets the workers end; the pool must not be used afterwards. */
    void shutdown() {
        stopped = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
