package org.seqlab.session;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * While training runs, the first Ctrl-C (SIGINT) sets the stop flag, so the run ends at the next step
 * boundary with its weights; a second Ctrl-C goes to the handler that was there before (normally: exit).
 * Where signals cannot be caught (no sun.misc.Signal, or a JVM that refuses), nothing is installed.
 */
public final class Interrupts implements AutoCloseable {
    private final Object previous;

    private Interrupts(Object previous) {
        this.previous = previous;
    }

    public static Interrupts install(AtomicBoolean stop) {
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            sun.misc.SignalHandler[] before = new sun.misc.SignalHandler[1];
            before[0] = sun.misc.Signal.handle(sig, s -> {
                if (!stop.getAndSet(true)) {
                    System.err.println("\nstopping at the next step boundary (Ctrl-C again to quit)");
                } else if (before[0] != null && before[0] != sun.misc.SignalHandler.SIG_IGN) {
                    before[0].handle(s);
                }
            });
            return new Interrupts(before[0]);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return new Interrupts(null);
        }
    }

    /**
     * For the whole session: Ctrl-C calls {@code handler} instead of ending the JVM (the REPL reading
     * piped input). False where signals cannot be caught.
     */
    public static boolean always(Runnable handler) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> handler.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    @Override public void close() {
        if (previous instanceof sun.misc.SignalHandler h) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
            } catch (IllegalArgumentException e) {
                // The JVM would not take the handler back; the stop flag stays harmless after training.
            }
        }
    }
}
