package org.seqlab.inspect;

/**
 * An inspection cannot be made as asked (no such layer, a word outside the vocabulary, a model without
 * an embedding). The message is one line for the user; the hint, when there is one, says what to write.
 */
public final class InspectException extends RuntimeException {
    private final String hint;

    public InspectException(String message) {
        this(message, null);
    }

    public InspectException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    /** What to try instead, or null. */
    public String hint() {
        return hint;
    }
}
