package org.seqlab.kernel;

/**
 * SIGINT to the kernel (a front end whose kernelspec asks for signal interrupts, or kill -INT) interrupts the
 * cell instead of ending the JVM. Where signals cannot be caught nothing is installed.
 */
final class Sigint {

    private Sigint() {
    }

    static void install(Runnable interrupt) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> interrupt.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no signal handling here: interrupt_request still works
        }
    }
}
