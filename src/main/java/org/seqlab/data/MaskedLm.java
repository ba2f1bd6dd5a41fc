package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * BERT's masking for {@code objective=masked rate=R}: in each row, round(R * n) of the n maskable
 * positions (at least one) are chosen uniformly; of those, 80% become {@code <mask>}, 10% a random
 * ordinary token, 10% stay as they are. The target is the original id at chosen positions and -1
 * everywhere else. Padding, {@code <bos>}/{@code <eos>} and {@code <cls>}/{@code <sep>} are never chosen. The random draws of a
 * batch depend only on the seed and the step, so a restored run masks identically.
 */
public final class MaskedLm {

    private final double rate;
    private final long seed;
    private final int maskId;
    private final int[] ordinary;
    private final boolean[] neverChosen;
    private int[] scratch = new int[0];

    /** {@code vocabulary} must contain {@code <mask>} (see {@link Vocabulary#withSpecial}). */
    public MaskedLm(Vocabulary vocabulary, double rate, long seed) {
        if (!(rate > 0 && rate < 1)) {
            throw new DataException("rate=" + rate + " must be between 0 and 1 (BERT uses 0.15)");
        }
        if (vocabulary.maskId() < 0) {
            throw new IllegalArgumentException("the vocabulary has no <mask>; use withSpecial(Vocabulary.MASK)");
        }
        this.rate = rate;
        this.seed = seed;
        this.maskId = vocabulary.maskId();
        List<Integer> plain = new ArrayList<>();
        neverChosen = new boolean[vocabulary.size()];
        for (int id = 0; id < vocabulary.size(); id++) {
            String t = vocabulary.token(id);
            if (!Vocabulary.isSpecial(t)) {
                plain.add(id);
            }
            neverChosen[id] = t.equals(Vocabulary.PAD) || t.equals(Vocabulary.BOS) || t.equals(Vocabulary.EOS)
                    || t.equals(Vocabulary.CLS) || t.equals(Vocabulary.SEP);
        }
        if (plain.isEmpty()) {
            throw new DataException("the vocabulary has no ordinary tokens to mask");
        }
        ordinary = plain.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The id that replaces 80% of the chosen positions. */
    public int maskId() {
        return maskId;
    }

    /** The ids a chosen position may become in its random 10% (every ordinary token, ascending). */
    public int[] ordinary() {
        return ordinary.clone();
    }

    /** The ids never chosen for masking (padding, sequence and pair markers), ascending. */
    public int[] neverChosen() {
        return java.util.stream.IntStream.range(0, neverChosen.length).filter(id -> neverChosen[id]).toArray();
    }

    /**
     * Masks {@code inputs} (batch, time) in place and writes {@code targets} (batch, time).
     * @param lengths per-row lengths, or null when every position of every row is real
     * @param step    the training step; with the seed it fixes the random draws
     */
    public void apply(int[] inputs, int[] targets, int batch, int time, int[] lengths, long step) {
        if (scratch.length < time) {
            scratch = new int[time];
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        java.util.Arrays.fill(targets, 0, batch * time, -1);
        for (int b = 0; b < batch; b++) {
            int len = lengths == null ? time : lengths[b];
            int n = 0;
            for (int t = 0; t < len; t++) {
                if (!neverChosen[inputs[b * time + t]]) {
                    scratch[n++] = t;
                }
            }
            if (n == 0) {
                continue;
            }
            int k = Math.max(1, (int) Math.round(rate * n));
            for (int j = 0; j < k; j++) {
                int pick = j + rnd.nextInt(n - j);
                int t = scratch[pick];
                scratch[pick] = scratch[j];
                scratch[j] = t;
                int i = b * time + t;
                targets[i] = inputs[i];
                double u = rnd.nextDouble();
                if (u < 0.8) {
                    inputs[i] = maskId;
                } else if (u < 0.9) {
                    inputs[i] = ordinary[rnd.nextInt(ordinary.length)];
                }
            }
        }
    }
}
