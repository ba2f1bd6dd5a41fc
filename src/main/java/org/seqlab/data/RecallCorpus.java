package org.seqlab.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code corpus recall gap=8 symbols=8 sentences=N seed=S}: lines {@code c - - - - - - - - c .}, a random letter,
 * {@code gap} fillers, the same letter again, and the boundary. Everything is predictable except the first letter
 * of each line, provided the model remembers that letter over the gap: a memory task in corpus form, so that the
 * truncation length of backpropagation through time ({@code train ... seq=}) decides whether it can be learned.
 * The loss of a model that remembers is ln(symbols) / (gap + 3) per token; of one that does not, twice that.
 */
public final class RecallCorpus {

    /** The filler token between the two copies of the letter. */
    public static final String FILLER = "-";

    private RecallCorpus() {
    }

    public static Map<String, String> categoryOf(int symbols) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < symbols; i++) out.put(String.valueOf((char) ('a' + i)), "letter");
        out.put(FILLER, "filler");
        out.put(ElmanGrammar.BOUNDARY, "boundary");
        return out;
    }

    public static Corpus corpus(int gap, int symbols, int sentences, long seed, double split) {
        if (gap < 1) throw new DataException("gap=" + gap + " must be at least 1");
        if (symbols < 2 || symbols > 26) throw new DataException("symbols=" + symbols + " must be between 2 and 26 (letters a, b, ...)");
        if (sentences < 1) throw new DataException("sentences=" + sentences + " must be at least 1");
        if (!(split > 0 && split <= 1)) {
            throw new DataException("split=" + split + " must be above 0 and at most 1 (the training share, e.g. 0.9)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int trainSentences = split >= 1 ? sentences : Math.max(1, (int) Math.floor(sentences * split));
        StringBuilder sb = new StringBuilder(sentences * (2 * gap + 8));
        for (int i = 0; i < sentences; i++) {
            char c = (char) ('a' + rnd.nextInt(symbols));
            sb.append(c);
            for (int g = 0; g < gap; g++) sb.append(' ').append(FILLER);
            sb.append(' ').append(c).append(' ').append(ElmanGrammar.BOUNDARY).append('\n');
        }
        return CorpusLoader.fromText("recall", "recall gap=" + gap + " symbols=" + symbols + " sentences=" + sentences + " seed=" + seed,
                sb.toString(), TokenKind.WORD, split, 1, categoryOf(symbols), trainSentences * (gap + 3));
    }
}
