package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The sentences of one split of a corpus and BERT's next-sentence pairs made from them
 * ({@code objective=masked+next_sentence}): a sentence ends with a token ".", "!" or "?" (included in it); text
 * after the last such token is left out. A pair is one row {@code <cls> A <sep> B <sep>} followed by padding: A
 * a sentence, B the sentence after it (IsNext, label 0) or, with probability 1/2, another sentence of the split
 * that is neither A nor the one after it (NotNext, label 1). A pair longer than the row is cut as BERT's
 * truncate_seq_pair does: a token off the end of the longer sentence at a time. Segments are 0 for
 * {@code <cls>}, A and the first {@code <sep>}, 1 for B and the last {@code <sep>} (and 0 on padding).
 * Every draw depends only on the seed and the step (or the pair's index), so runs repeat and resume exactly.
 */
public final class SentencePairs {

    /** Tokens that end a sentence. */
    public static final Set<String> ENDS = Set.of(".", "!", "?");
    /** BERT's label of a pair whose B follows A. */
    public static final int IS_NEXT = 0, NOT_NEXT = 1;
    /** The shortest row: {@code <cls> a <sep> b <sep>}. */
    public static final int MIN_LENGTH = 5;

    private final TokenStream stream;
    private final int[] start, end;
    private final int cls, sep, pad;

    private SentencePairs(TokenStream stream, int[] start, int[] end, Vocabulary v) {
        this.stream = stream;
        this.start = start;
        this.end = end;
        cls = v.id(Vocabulary.CLS);
        sep = v.id(Vocabulary.SEP);
        pad = v.id(Vocabulary.PAD);
    }

    /**
     * The sentences of {@code stream}; {@code v} must contain {@code <cls>}, {@code <sep>} and {@code <pad>}. Fewer than
     * three sentences is a {@link DataException} naming {@code what} (a NotNext pair needs a third sentence).
     */
    public static SentencePairs of(TokenStream stream, Vocabulary v, String what) {
        boolean[] ends = new boolean[v.size()];
        for (String t : ENDS) if (v.id(t) >= 0) ends[v.id(t)] = true;
        List<int[]> found = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < stream.length(); i++) {
            if (ends[stream.get(i)]) {
                found.add(new int[] {from, i + 1});
                from = i + 1;
            }
        }
        if (found.size() < 3) {
            throw new DataException("objective=masked+next_sentence pairs sentences, but " + what + " has "
                    + (found.isEmpty() ? "no sentences" : "only " + found.size() + (found.size() == 1 ? " sentence" : " sentences"))
                    + " (a sentence ends with '.', '!' or '?')",
                    "train on text made of sentences (corpus elman, corpus stories), or use objective=masked alone");
        }
        int[] s = new int[found.size()], e = new int[found.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = found.get(k)[0];
            e[k] = found.get(k)[1];
        }
        return new SentencePairs(stream, s, e, v);
    }

    public int sentences() {
        return start.length;
    }

    /** The tokens of sentence k. */
    public int[] sentence(int k) {
        return stream.toArray(start[k], end[k]);
    }

    /**
     * Training rows: {@code batch} pairs with random A, drawn from (seed, step). Arrays are (batch, time) row-major;
     * lengths and labels per row.
     */
    public void fillRandom(int[] ids, int[] segments, int[] lengths, int[] labels, int batch, int time, long seed, long step) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        for (int b = 0; b < batch; b++) {
            int a = rnd.nextInt(start.length - 1);
            fill(b, a, rnd, ids, segments, lengths, labels, time);
        }
    }

    /** The pairs whose A is sentence {@code first} + row, for rows < batch; each pair's coin drawn from (seed, A). */
    public void fillOrdered(int[] ids, int[] segments, int[] lengths, int[] labels, int batch, int time, long seed, int first) {
        for (int b = 0; b < batch; b++) {
            fill(b, first + b, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + first + b), ids, segments, lengths, labels, time);
        }
    }

    /** How many pairs {@link #fillOrdered} can make: every sentence but the last is an A once. */
    public int orderedPairs() {
        return start.length - 1;
    }

    private void fill(int row, int a, SplittableRandom rnd, int[] ids, int[] segments, int[] lengths, int[] labels, int time) {
        if (time < MIN_LENGTH) throw new IllegalArgumentException("a pair needs " + MIN_LENGTH + " positions, the row has " + time);
        boolean next = rnd.nextBoolean();
        int b = a + 1;
        if (!next) {
            b = rnd.nextInt(start.length - 2);       // any sentence but a and a + 1
            if (b >= a) b += 2;
        }
        int la = end[a] - start[a], lb = end[b] - start[b];
        while (la + lb + 3 > time) {
            if (la > lb) la--;
            else lb--;
        }
        int o = row * time, t = 0;
        ids[o + t] = cls;
        segments[o + t++] = 0;
        for (int i = 0; i < la; i++, t++) {
            ids[o + t] = stream.get(start[a] + i);
            segments[o + t] = 0;
        }
        ids[o + t] = sep;
        segments[o + t++] = 0;
        for (int i = 0; i < lb; i++, t++) {
            ids[o + t] = stream.get(start[b] + i);
            segments[o + t] = 1;
        }
        ids[o + t] = sep;
        segments[o + t++] = 1;
        lengths[row] = t;
        for (; t < time; t++) {
            ids[o + t] = pad;
            segments[o + t] = 0;
        }
        labels[row] = next ? IS_NEXT : NOT_NEXT;
    }
}
