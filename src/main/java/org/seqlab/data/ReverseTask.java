package org.seqlab.data;

import java.util.List;

/**
 * {@code task reverse length=L symbols=K}: seq2seq from a sequence of letters to the same letters
 * in reverse order ({@code a b c d} -> {@code d c b a}). Sequences have exactly L letters, or a length
 * uniform in {@code min_length..L} when {@code min_length} is below L. Vocabulary:
 * {@code <pad> <bos> <eos>} then the letters, shared by source and target.
 */
public final class ReverseTask {

    private ReverseTask() {
    }

    public static ExampleSet generate(int length, int minLength, int symbols, int samples, double split, long seed) {
        TaskSupport.positive("length", length);
        if (minLength < 1 || minLength > length) {
            throw new DataException("min_length=" + minLength + " must be between 1 and length=" + length);
        }
        Vocabulary v = TaskSupport.letters(symbols, Vocabulary.PAD, Vocabulary.BOS, Vocabulary.EOS);
        int first = v.id("a");
        Examples[] s = TaskSupport.generate(samples, split, seed, 0, (rnd, out) -> {
            int n = minLength + rnd.nextInt(length - minLength + 1);
            int[] x = new int[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = first + rnd.nextInt(symbols);
            }
            for (int i = 0; i < n; i++) {
                y[i] = x[n - 1 - i];
            }
            out.add(x, y, -1, 0f);
        });
        String source = "task reverse length=" + length + (minLength < length ? " min_length=" + minLength : "")
                + " symbols=" + symbols + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("reverse", source, DataKind.SEQ2SEQ, v, List.of(), null, s[0], s[1]);
    }
}
