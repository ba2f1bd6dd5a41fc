package org.seqlab.data;

/**
 * Bad data or a bad data request, said in words (the file, the line or byte offset, what was wrong).
 * The interpreter catches it and attaches the statement's source span; no stack trace is kept.
 */
public final class DataException extends RuntimeException {

    private final String hint;

    public DataException(String message) {
        this(message, null);
    }

    public DataException(String message, String hint) {
        super(message, null, false, false);
        this.hint = hint;
    }

    /** A suggestion for the user ("did you mean 'char'?"), or null. */
    public String hint() {
        return hint;
    }
}
