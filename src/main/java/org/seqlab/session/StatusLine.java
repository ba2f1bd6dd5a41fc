package org.seqlab.session;

/**
 * A line kept below the prompt and rewritten in place (the REPL gives one over JLine's status bar):
 * a background training run shows its progress there, and pausing, resuming and stopping say so there.
 * Calls come from the training thread and the prompt's thread; implementations serialise them.
 */
public interface StatusLine {
    /** Shows text as the line, replacing what was there. */
    void show(String text);

    /** Removes the line. */
    void clear();

    StatusLine NONE = new StatusLine() {
        @Override public void show(String text) { }

        @Override public void clear() { }
    };
}
