package org.seqlab.data;

import java.util.List;

/**
 * {@code task parity length=L}: a sequence of L random bits (tokens {@code 0}, {@code 1}); the class
 * is whether the number of ones is even (class 0, {@code even}) or odd (class 1, {@code odd}).
 * Many-to-one classification.
 */
public final class ParityTask {

    private ParityTask() {
    }

    public static ExampleSet generate(int length, int samples, double split, long seed) {
        TaskSupport.positive("length", length);
        Vocabulary v = new Vocabulary(TokenKind.WORD, List.of(Vocabulary.PAD, "0", "1"));
        int zero = v.id("0");
        Examples[] s = TaskSupport.generate(samples, split, seed, 0, (rnd, out) -> {
            int[] x = new int[length];
            int ones = 0;
            for (int t = 0; t < length; t++) {
                int bit = rnd.nextInt(2);
                ones += bit;
                x[t] = zero + bit;
            }
            out.add(x, null, ones % 2, 0f);
        });
        String source = "task parity length=" + length + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("parity", source, DataKind.CLASSIFICATION, v, List.of("even", "odd"), null, s[0], s[1]);
    }
}
