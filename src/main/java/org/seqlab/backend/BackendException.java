package org.seqlab.backend;

/**
 * A backend cannot do what was asked, for a reason the user can act on: the GPU backend is unavailable on
 * this machine, or device memory ran out. The message is one line, ready to print.
 */
public final class BackendException extends RuntimeException {
    public BackendException(String message) {
        super(message);
    }
}
