package org.seqlab.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run one task split into parts. The parts are claimed one at a time, by
 * the workers and by the caller alike, and the caller waits only for parts that someone is running: a worker
 * that has not started yet (descheduled on a busy machine) leaves its part to the caller instead of holding
 * it up. Before, the caller waited for every worker to acknowledge every task; on a loaded 2-core machine the
 * main thread of a recurrent bench spent about half its time waiting for a worker that had no CPU.
 * Workers spin briefly between tasks (recurrent steps come every few microseconds), then park.
 * Not reentrant: one task at a time, from one calling thread.
 */
final class WorkerPool {
    /** One part of a split task; a part number is run once, by one thread, whichever claims it. */
    interface Task {
        void run(int part, int parts);
    }

    private static final int SPIN = 2_000;

    /** One task handed out: its parts are claimed through next and counted when finished in done. */
    private static final class Job {
        final Task task;
        final int parts;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        /** The first exception of the caller's parts, and of the workers' (read by the caller after all are done). */
        volatile Throwable callerFailure, workerFailure;

        Job(Task task, int parts, Thread caller) {
            this.task = task;
            this.parts = parts;
            this.caller = caller;
        }
    }

    private final Thread[] workers;
    private volatile Job job;
    private volatile boolean stopped;

    WorkerPool(int threads) {
        workers = new Thread[Math.max(0, threads - 1)];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(this::loop, "seqlab-cpu-" + (w + 1));
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
        Job j = new Job(t, Math.min(nParts, threads()), Thread.currentThread());
        job = j;
        for (Thread w : workers) LockSupport.unpark(w);
        work(j);
        int spins = 0;
        while (j.done.get() < j.parts) {
            if (++spins > SPIN) LockSupport.parkNanos(this, 20_000);
            else Thread.onSpinWait();
        }
        Throwable failure = j.callerFailure != null ? j.callerFailure : j.workerFailure;
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Claims and runs j's parts until none is left; the one finishing the last part wakes the caller. */
    private static void work(Job j) {
        boolean isCaller = Thread.currentThread() == j.caller;
        for (int p; (p = j.next.getAndIncrement()) < j.parts; ) {
            try {
                j.task.run(p, j.parts);
            } catch (Throwable e) {
                synchronized (j) {
                    if (isCaller && j.callerFailure == null) j.callerFailure = e;
                    if (!isCaller && j.workerFailure == null) j.workerFailure = e;
                }
            } finally {
                if (j.done.incrementAndGet() == j.parts && !isCaller) LockSupport.unpark(j.caller);
            }
        }
    }

    private void loop() {
        Job seen = null;
        while (!stopped) {
            Job j;
            int spins = 0;
            while ((j = job) == seen) {
                if (stopped) return;
                if (++spins > SPIN) LockSupport.park(this);
                else Thread.onSpinWait();
            }
            seen = j;
            work(j);
        }
    }

    /** Lets the workers end; the pool must not be used afterwards. */
    void shutdown() {
        stopped = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
