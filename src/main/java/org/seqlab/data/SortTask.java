package org.seqlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code task sort length=L}: seq2seq from L random digits to the same digits in ascending order
 * ({@code 3 1 2} -> {@code 1 2 3}); {@code symbols=K} uses the digits 0..K-1. Vocabulary:
 * {@code <pad> <bos> <eos>} then the digits, in order, shared by source and target.
 */
public final class SortTask {

    private SortTask() {
    }

    public static ExampleSet generate(int length, int symbols, int samples, double split, long seed) {
        TaskSupport.positive("length", length);
        if (symbols < 2 || symbols > 10) {
            throw new DataException("symbols=" + symbols + " must be between 2 and 10 (the digits 0..9)");
        }
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.BOS, Vocabulary.EOS));
        for (int d = 0; d < symbols; d++) {
            tokens.add(Integer.toString(d));
        }
        Vocabulary v = new Vocabulary(TokenKind.WORD, tokens);
        int zero = v.id("0");
        Examples[] s = TaskSupport.generate(samples, split, seed, 0, (rnd, out) -> {
            int[] x = new int[length];
            for (int i = 0; i < length; i++) {
                x[i] = zero + rnd.nextInt(symbols);
            }
            int[] y = x.clone();
            Arrays.sort(y);
            out.add(x, y, -1, 0f);
        });
        String source = "task sort length=" + length + " symbols=" + symbols + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("sort", source, DataKind.SEQ2SEQ, v, List.of(), null, s[0], s[1]);
    }
}
