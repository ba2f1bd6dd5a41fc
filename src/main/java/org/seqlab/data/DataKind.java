package org.seqlab.data;

/** What a data set asks a model to learn; the trainer picks the loss and batch layout from it. */
public enum DataKind {
    /** Predict the next token at every position (causal LM): corpora and {@code task anbn}. */
    NEXT_TOKEN("next-token LM"),
    /** One target token per input position, -1 where nothing is asked ({@code task copy}). */
    SEQUENCE_LABELLING("sequence labelling"),
    /** One class per sequence ({@code task parity}, {@code data ... format=labeled}). */
    CLASSIFICATION("many-to-one classification"),
    /** One real value per sequence ({@code task adding}, {@code series}). */
    REGRESSION("regression"),
    /** A source sequence to a target sequence of its own length ({@code task reverse}, {@code task sort}). */
    SEQ2SEQ("seq2seq"),
    /**
     * The original token at masked positions, seen from both sides (BERT): a corpus trained with
     * {@code objective=masked}; targets are -1 at the positions that were not chosen.
     */
    MASKED_TOKEN("masked-token LM");

    private final String words;

    DataKind(String words) {
        this.words = words;
    }

    /** The kind in words, for {@code :data} and error messages. */
    public String words() {
        return words;
    }
}
