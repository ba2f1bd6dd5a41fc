package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/** What the built-in tasks share: vocabularies of symbols and the train/validation split of generated samples. */
final class TaskSupport {

    private TaskSupport() {
    }

    /** Tokens {@code specials} then the first {@code n} lower-case letters ({@code a b c ...}). */
    static Vocabulary letters(int n, String... specials) {
        if (n < 1 || n > 26) {
            throw new DataException("symbols=" + n + " must be between 1 and 26");
        }
        List<String> tokens = new ArrayList<>(List.of(specials));
        for (int i = 0; i < n; i++) {
            tokens.add(Character.toString('a' + i));
        }
        return new Vocabulary(TokenKind.WORD, tokens);
    }

    static void positive(String what, int value) {
        if (value < 1) {
            throw new DataException(what + "=" + value + " must be at least 1");
        }
    }

    /**
     * Generates {@code samples} examples in order from one random stream seeded with {@code seed};
     * the first {@code split} of them train, the rest validate (each split keeps at least one when samples >= 2).
     */
    static Examples[] generate(int samples, double split, long seed, int featureSize,
                               BiConsumer<SplittableRandom, Examples> one) {
        positive("samples", samples);
        if (!(split > 0 && split < 1)) {
            throw new DataException("split=" + split + " must be between 0 and 1 (the training share, e.g. 0.9)");
        }
        int train = (int) Math.round(samples * split);
        if (samples >= 2) {
            train = Math.max(1, Math.min(samples - 1, train));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Examples tr = new Examples(featureSize);
        Examples va = new Examples(featureSize);
        for (int i = 0; i < samples; i++) {
            one.accept(rnd, i < train ? tr : va);
        }
        return new Examples[] {tr, va};
    }
}
