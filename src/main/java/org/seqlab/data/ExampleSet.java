package org.seqlab.data;

import java.util.List;

/**
 * A data set of separate examples (tasks, labelled text, series windows) with a training and a
 * validation split. {@link #kind()} says what the target is; see {@link Examples}.
 */
public final class ExampleSet implements Dataset {

    private final String name;
    private final String source;
    private final DataKind kind;
    private final Vocabulary vocabulary;
    private final List<String> labels;
    private final Standardizer standardizer;
    private final Examples train;
    private final Examples validation;

    /**
     * @param vocabulary   input tokens (also the output tokens for per-position and seq2seq targets); null for numeric inputs
     * @param labels       class names, index = class id (classification), else empty
     * @param standardizer how targets and inputs were standardised (series), else null
     */
    public ExampleSet(String name, String source, DataKind kind, Vocabulary vocabulary, List<String> labels,
                      Standardizer standardizer, Examples train, Examples validation) {
        this.name = name;
        this.source = source;
        this.kind = kind;
        this.vocabulary = vocabulary;
        this.labels = List.copyOf(labels);
        this.standardizer = standardizer;
        this.train = train;
        this.validation = validation;
    }

    @Override
    public String name() {
        return name;
    }

    /** The generator call or path the examples came from. */
    public String source() {
        return source;
    }

    @Override
    public DataKind kind() {
        return kind;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The output vocabulary for per-position and seq2seq targets: the input vocabulary for every built-in task. */
    public Vocabulary targetVocabulary() {
        return vocabulary;
    }

    /** Class names, index = class id; empty unless classification. */
    public List<String> labels() {
        return labels;
    }

    /** Null unless the data were standardised (series). */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** 0 for token inputs, else floats per step (adding: 2, series: 1). */
    public int featureSize() {
        return train.featureSize();
    }

    /** Units the model's output layer needs: vocabulary size, number of classes, or 1 for regression. */
    public int outputSize() {
        return switch (kind) {
            case CLASSIFICATION -> labels.size();
            case REGRESSION -> 1;
            default -> vocabulary.size();
        };
    }

    public Examples examples(Split split) {
        return split == Split.TRAIN ? train : validation;
    }

    public Examples train() {
        return train;
    }

    public Examples validation() {
        return validation;
    }

    @Override
    public int size(Split split) {
        return examples(split).size();
    }

    /** Training batches shuffled from {@code seed}, validation batches in order; each padded to its own longest example. */
    public ExampleBatcher batcher(Split split, int batch, long seed) {
        return new ExampleBatcher(this, split, batch, split == Split.TRAIN, seed, false);
    }

    @Override
    public ExampleSet named(String newName) {
        return new ExampleSet(newName, source, kind, vocabulary, labels, standardizer, train, validation);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format("%s: %s, %,d train + %,d validation examples",
                name, kind.words(), train.size(), validation.size()));
        if (vocabulary != null) {
            sb.append(String.format(", vocabulary %,d", vocabulary.size()));
        } else {
            sb.append(", ").append(featureSize()).append(featureSize() == 1 ? " number" : " numbers").append(" per step");
        }
        if (!labels.isEmpty()) {
            sb.append(", ").append(labels.size()).append(" classes");
        }
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int i = 0; i < train.size(); i++) {
            lo = Math.min(lo, train.length(i));
            hi = Math.max(hi, train.length(i));
        }
        sb.append(lo == hi ? ", length " + hi : ", lengths " + lo + "-" + hi);
        return sb.append(" (").append(source).append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
