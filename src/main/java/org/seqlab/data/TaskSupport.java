package org.seqlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/** What the built-in tasks share: vocabularies of symbols and the train/validation split of generated samples. */
final class TaskSupport {

    private static final int REDRAWS = 20;

    /** An input sequence compared by content. */
    private record InputKey(int[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof InputKey k && Arrays.equals(k.ids, ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

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
     * Validation inputs are kept out of the training inputs where the task has room for that.
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
        for (int i = 0; i < train; i++) {
            one.accept(rnd, tr);
        }
        Set<InputKey> seen = new HashSet<>();
        if (featureSize == 0) {
            for (int i = 0; i < tr.size(); i++) {
                seen.add(new InputKey(tr.input(i)));
            }
        }
        // Held out: a validation input that already occurs in training is drawn again, up to
        // REDRAWS times (tasks with few possible inputs, such as anbn, must repeat some).
        for (int i = train; i < samples; i++) {
            Examples drawn = null;
            for (int attempt = 0; attempt <= REDRAWS; attempt++) {
                drawn = new Examples(featureSize);
                one.accept(rnd, drawn);
                if (featureSize != 0 || !seen.contains(new InputKey(drawn.input(0)))) {
                    break;
                }
            }
            if (featureSize == 0) {
                va.add(drawn.input(0), drawn.targets(0), drawn.label(0), drawn.value(0));
            } else {
                va.addFeatures(drawn.features(0), drawn.targets(0), drawn.label(0), drawn.value(0));
            }
        }
        return new Examples[] {tr, va};
    }
}
