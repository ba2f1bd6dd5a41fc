package org.seqlab.train;

/** How a run reports itself; the trainer never prints. The engine supplies a terminal or plain-line view. */
public interface Progress {

    /** A run of {@code total} steps begins; {@code what} says what trains on what. */
    default void start(String what, long total) {
    }

    /** After every step (a view may show only some). */
    default void step(StepReport r) {
    }

    /** Something to say between steps (a rule's output is printed by the rule itself). */
    default void message(String line) {
    }

    /** Before a rule prints, so an in-place line can be ended first. */
    default void pause() {
    }

    /** The run ended: {@code how} says why (done, stopped at step N, ...). */
    default void end(StepReport last, String how) {
    }

    Progress SILENT = new Progress() {
    };
}
