package org.seqlab.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * A next-token corpus: the training and validation splits as compact token streams, and the
 * vocabulary built from the training split. Made by {@link #load} from a file, {@link #fromText}
 * from a string, or a generator ({@link ElmanGrammar#corpus}). {@link #masked} gives the same text for
 * BERT-style training: its vocabulary gains {@code <mask>} and its kind is {@link DataKind#MASKED_TOKEN}.
 */
public final class Corpus implements Dataset {

    private final String name;
    private final String source;
    private final Vocabulary vocabulary;
    private final TokenStream train;
    private final TokenStream validation;
    private final Map<String, String> categories;
    /** The masking rate of objective=masked, or 0 for a next-token corpus. */
    private final double maskRate;
    /** The sentences of each split for objective=masked+next_sentence; null otherwise (validation: null when empty). */
    private final SentencePairs trainPairs, validationPairs;

    Corpus(String name, String source, Vocabulary vocabulary, TokenStream train, TokenStream validation,
           Map<String, String> categories) {
        this(name, source, vocabulary, train, validation, categories, 0, null, null);
    }

    private Corpus(String name, String source, Vocabulary vocabulary, TokenStream train, TokenStream validation,
                   Map<String, String> categories, double maskRate, SentencePairs trainPairs, SentencePairs validationPairs) {
        this.maskRate = maskRate;
        this.trainPairs = trainPairs;
        this.validationPairs = validationPairs;
        this.name = name;
        this.source = source;
        this.vocabulary = vocabulary;
        this.train = train;
        this.validation = validation;
        this.categories = Map.copyOf(categories);
    }

    /**
     * Loads a UTF-8 text file ({@code tokens=bytes}: any bytes). The first {@code split} of the tokens
     * is the training split, the rest validation. Tokens seen fewer than {@code minCount} times in the
     * training split, and validation tokens never seen in it, become {@code <unk>} (word vocabularies
     * always have one; char vocabularies get one only when needed; bytes need none).
     */
    public static Corpus load(String name, Path path, TokenKind tokens, double split, int minCount) {
        return CorpusLoader.load(name, path, tokens, split, minCount);
    }

    /** {@link #load} named after the file (its name without extension): {@code train on corpus.txt}. */
    public static Corpus load(Path path, TokenKind tokens, double split, int minCount) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return load(dot > 0 ? file.substring(0, dot) : file, path, tokens, split, minCount);
    }

    /** The same rules as {@link #load}, on text in memory. */
    public static Corpus fromText(String name, String text, TokenKind tokens, double split, int minCount) {
        return CorpusLoader.fromText(name, "text", text, tokens, split, minCount, Map.of());
    }

    @Override
    public String name() {
        return name;
    }

    /** Where the tokens came from: a path, or the generator call. */
    public String source() {
        return source;
    }

    @Override
    public DataKind kind() {
        return maskRate > 0 ? DataKind.MASKED_TOKEN : DataKind.NEXT_TOKEN;
    }

    /**
     * The same splits for masked-token training at {@code rate} (see {@link MaskedLm}): the vocabulary
     * gains {@code <mask>} after every existing id, so the token streams keep their meaning.
     */
    public Corpus masked(double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new DataException("rate=" + rate + " must be between 0 and 1 (BERT uses 0.15)");
        }
        return new Corpus(name, source, vocabulary.withSpecial(Vocabulary.MASK), train, validation, categories, rate, null, null);
    }

    /**
     * The same splits for BERT's two objectives ({@code objective=masked+next_sentence}): masked at {@code rate}, with
     * the sentence pairs of each split ({@link SentencePairs}); the vocabulary gains {@code <mask>}, {@code <cls>},
     * {@code <sep>} and {@code <pad>}. Too few sentences in a split is a {@link DataException}.
     */
    public Corpus maskedPairs(double rate) {
        Vocabulary v = masked(rate).vocabulary.withSpecial(Vocabulary.CLS).withSpecial(Vocabulary.SEP).withSpecial(Vocabulary.PAD);
        SentencePairs tp = SentencePairs.of(train, v, "the training split of " + name);
        SentencePairs vp = validation.length() == 0 ? null : SentencePairs.of(validation, v, "the validation split of " + name);
        return new Corpus(name, source, v, train, validation, categories, rate, tp, vp);
    }

    /** Whether this corpus trains BERT's next-sentence prediction too ({@link #maskedPairs}). */
    public boolean nextSentence() {
        return trainPairs != null;
    }

    /** The sentence pairs of a split ({@link #maskedPairs}); null without next-sentence prediction or sentences. */
    public SentencePairs pairs(Split split) {
        return split == Split.TRAIN ? trainPairs : validationPairs;
    }

    /** The masking rate of a {@link #masked} corpus; 0 for a next-token one. */
    public double maskRate() {
        return maskRate;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public TokenStream train() {
        return train;
    }

    public TokenStream validation() {
        return validation;
    }

    public TokenStream stream(Split split) {
        return split == Split.TRAIN ? train : validation;
    }

    @Override
    public int size(Split split) {
        return stream(split).length();
    }

    /** Batches of (batch, seq) inputs and next-token targets over one split; see {@link StreamBatcher}. */
    public StreamBatcher batcher(Split split, int batch, int seq) {
        return new StreamBatcher(stream(split), batch, seq);
    }

    @Override
    public Map<String, String> tokenCategories() {
        return categories;
    }

    @Override
    public Corpus named(String newName) {
        return new Corpus(newName, source, vocabulary, train, validation, categories, maskRate, trainPairs, validationPairs);
    }

    @Override
    public String describe() {
        return String.format("corpus %s: %s tokens, vocabulary %,d, %,d train + %,d validation tokens (%s)%s",
                name, vocabulary.kind().spelling(), vocabulary.size(), train.length(), validation.length(), source,
                maskRate > 0 ? String.format(java.util.Locale.ROOT, ", masked at rate %.2f", maskRate) : "")
                + (trainPairs != null ? ", next-sentence pairs from " + trainPairs.sentences() + " training sentences" : "");
    }

    @Override
    public String toString() {
        return describe();
    }
}
