package org.seqlab.data;

import java.util.List;

/**
 * {@code task anbn max=M}: next-token prediction on strings a^n b^n {@code .} with n uniform in 1..M
 * (Gers &amp; Schmidhuber 2001). Input: a^n b^n; targets: the same string shifted by one (a^(n-1) b^n
 * {@code .}). Once the first b is seen, every further token is determined, but only by counting.
 * Both splits draw n from 1..M; {@link #example} builds any n, to probe longer strings.
 */
public final class AnbnTask {

    public static final String END = ".";

    private AnbnTask() {
    }

    public static Vocabulary vocabulary() {
        return new Vocabulary(TokenKind.WORD, List.of(Vocabulary.PAD, "a", "b", END));
    }

    /** Input and target ids for one n: {@code {input, targets}}, each 2n long. */
    public static int[][] example(int n) {
        Vocabulary v = vocabulary();
        int[] seq = new int[2 * n + 1];
        for (int i = 0; i < n; i++) {
            seq[i] = v.id("a");
            seq[n + i] = v.id("b");
        }
        seq[2 * n] = v.id(END);
        return new int[][] {java.util.Arrays.copyOf(seq, 2 * n), java.util.Arrays.copyOfRange(seq, 1, 2 * n + 1)};
    }

    public static ExampleSet generate(int max, int samples, double split, long seed) {
        TaskSupport.positive("max", max);
        Examples[] s = TaskSupport.generate(samples, split, seed, 0, (rnd, out) -> {
            int[][] e = example(1 + rnd.nextInt(max));
            out.add(e[0], e[1], -1, 0f);
        });
        String source = "task anbn max=" + max + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("anbn", source, DataKind.NEXT_TOKEN, vocabulary(), List.of(), null, s[0], s[1]);
    }
}
