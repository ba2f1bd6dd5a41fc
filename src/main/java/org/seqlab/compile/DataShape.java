package org.seqlab.compile;

import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Vocabulary;

/**
 * What a model needs to know of its data to get its widths: token ids over a vocabulary (vocabulary
 * != null) or feature vectors of {@code features} floats per step, the output size (vocabulary for
 * next-token and labelling, classes for classification, 1 for regression) and whether the data asks
 * for one answer per sequence (many-to-one) or one per step; {@code sentencePairs}: BERT's next-sentence pairs too
 * (objective=masked+next_sentence), which give the model segment embeddings and a next-sentence head.
 */
public record DataShape(String dataName, DataKind kind, Vocabulary vocabulary, int features, int outputSize,
                        boolean sentencePairs) {

    /** Data without sentence pairs. */
    public DataShape(String dataName, DataKind kind, Vocabulary vocabulary, int features, int outputSize) {
        this(dataName, kind, vocabulary, features, outputSize, false);
    }

    public static DataShape of(Dataset d) {
        if (d instanceof Corpus c) {
            return new DataShape(c.name(), c.kind(), c.vocabulary(), 0, c.vocabulary().size(), c.nextSentence());
        }
        ExampleSet e = (ExampleSet) d;
        int features = e.featureSize();
        return new DataShape(e.name(), e.kind(), features > 0 ? null : e.vocabulary(), features, e.outputSize());
    }

    public boolean tokens() {
        return vocabulary != null;
    }

    /** One answer per sequence (classification, regression) rather than one per step. */
    public boolean manyToOne() {
        return kind == DataKind.CLASSIFICATION || kind == DataKind.REGRESSION;
    }

    /** In words for summaries: "char vocabulary of 65 tokens" or "2 features per step". */
    public String describe() {
        String in = tokens() ? vocabulary.toString() : features + (features == 1 ? " feature" : " features") + " per step";
        return dataName + ": " + kind.words() + (sentencePairs ? " with next-sentence pairs" : "") + ", " + in;
    }
}
