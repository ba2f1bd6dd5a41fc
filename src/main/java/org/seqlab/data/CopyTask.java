package org.seqlab.data;

import java.util.List;

/**
 * {@code task copy length=L symbols=K}: remember a sequence and write it back after a delimiter.
 * Input (2L+1 tokens): s1..sL {@code =} {@code _}x L. Targets: -1 (nothing) over the first L+1
 * positions, then s1..sL while the blanks are read. Sequence labelling; symbols are the letters a, b, ...
 */
public final class CopyTask {

    public static final String DELIMITER = "=";
    public static final String BLANK = "_";

    private CopyTask() {
    }

    public static ExampleSet generate(int length, int symbols, int samples, double split, long seed) {
        TaskSupport.positive("length", length);
        Vocabulary v = TaskSupport.letters(symbols, Vocabulary.PAD, BLANK, DELIMITER);
        int first = v.id("a");
        int delimiter = v.id(DELIMITER);
        int blank = v.id(BLANK);
        Examples[] s = TaskSupport.generate(samples, split, seed, 0, (rnd, out) -> {
            int[] x = new int[2 * length + 1];
            int[] y = new int[2 * length + 1];
            java.util.Arrays.fill(y, -1);
            x[length] = delimiter;
            for (int i = 0; i < length; i++) {
                x[i] = first + rnd.nextInt(symbols);
                x[length + 1 + i] = blank;
                y[length + 1 + i] = x[i];
            }
            out.add(x, y, -1, 0f);
        });
        String source = "task copy length=" + length + " symbols=" + symbols + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("copy", source, DataKind.SEQUENCE_LABELLING, v, List.of(), null, s[0], s[1]);
    }
}
