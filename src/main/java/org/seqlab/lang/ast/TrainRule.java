package org.seqlab.lang.ast;

import org.seqlab.diag.SourceSpan;

/** A rule inside a train block: {@code every 200 steps: STMT} or {@code when val_loss < 1.6: STMT}. */
public sealed interface TrainRule {

    SourceSpan span();

    Statement action();

    /** @param unit the word after the count ("steps", "epochs") */
    record Every(Value count, Value.Word unit, Statement action, SourceSpan span) implements TrainRule {
    }

    /** @param op one of {@code < > <= >=} */
    record When(Value.Word metric, String op, Value threshold, Statement action, SourceSpan span)
            implements TrainRule {
    }
}
