package org.seqlab.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that sends a cell's output (streams, displays, updates) to Jupyter. Statements never
 * touch the ZeroMQ sockets themselves, so interrupting the thread that runs a statement (Ctrl-C on a long
 * sample) cannot close a socket under it; the cell waits for its output to be sent before it replies.
 */
final class Publisher {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "seqlab-publish");
        t.setDaemon(true);
        return t;
    });

    /** Sends later, in order. */
    void send(Runnable r) {
        thread.execute(r);
    }

    /** Waits until everything sent so far is out (an interrupt of the waiting thread is kept for later). */
    void await() {
        Future<?> done = thread.submit(() -> { });
        boolean interrupted = false;
        while (true) {
            try {
                done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
