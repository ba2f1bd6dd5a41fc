package org.seqlab.data;

import java.util.List;

/**
 * {@code task lookahead length=L symbols=K}: tag every letter with the letter that follows it (the last one has no
 * tag). Sequence labelling in which each tag depends only on the right-hand context: a left-to-right net can do no
 * better than guess (about 1/K), a bidirectional one reads the answer from its backward direction. The toy form of
 * tagging where a word's tag depends on the words after it.
 */
public final class LookaheadTask {

    private LookaheadTask() {
    }

    public static ExampleSet generate(int length, int symbols, int samples, double split, long seed) {
        if (length < 2) {
            throw new DataException("length=" + length + " must be at least 2 (a letter and the one after it)");
        }
        Vocabulary v = TaskSupport.letters(symbols, Vocabulary.PAD);
        int first = v.id("a");
        Examples[] s = TaskSupport.generate(samples, split, seed, 0, (rnd, out) -> {
            int[] x = new int[length];
            int[] y = new int[length];
            for (int i = 0; i < length; i++) x[i] = first + rnd.nextInt(symbols);
            for (int i = 0; i < length - 1; i++) y[i] = x[i + 1];
            y[length - 1] = -1;
            out.add(x, y, -1, 0f);
        });
        String source = "task lookahead length=" + length + " symbols=" + symbols + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("lookahead", source, DataKind.SEQUENCE_LABELLING, v, List.of(), null, s[0], s[1]);
    }
}
