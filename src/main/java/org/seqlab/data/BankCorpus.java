package org.seqlab.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code corpus bank sentences=N seed=S}: short sentences in which "bank" has two senses, the side of a river
 * and a place for money, for the lesson on self-attention (what "bank" looks at decides how it goes on). Every
 * sentence is {@code [adjective] SUBJECT VERB to the bank CONTINUATION .}: the verbs are shared by both senses, so
 * only the subject (a river creature or a person with money business) says which bank is meant, and the words
 * after "bank" depend on that sense ({@code of the river}, {@code for a loan} ...). A next-token model can only
 * continue "bank" correctly by looking back at the subject.
 */
public final class BankCorpus {

    static final List<String> RIVER_SUBJECTS = List.of("fisher", "duck", "heron", "otter", "frog");
    static final List<String> MONEY_SUBJECTS = List.of("clerk", "investor", "customer", "robber", "saver");
    static final List<String> ADJECTIVES = List.of("old", "young", "tired");
    static final List<String> VERBS = List.of("walks", "goes", "runs", "comes", "hurries");
    static final List<String> RIVER_ENDINGS = List.of("of the river", "by the water", "among the reeds");
    static final List<String> MONEY_ENDINGS = List.of("for a loan", "with the cash", "and opens an account");

    private BankCorpus() {
    }

    /** Word -> sense ({@code river}, {@code money}) for the subjects and sense-bound words; {@code boundary} for ".". */
    public static Map<String, String> categoryOf() {
        Map<String, String> out = new LinkedHashMap<>();
        RIVER_SUBJECTS.forEach(w -> out.put(w, "noun.river"));
        MONEY_SUBJECTS.forEach(w -> out.put(w, "noun.money"));
        ADJECTIVES.forEach(w -> out.put(w, "adjective"));
        VERBS.forEach(w -> out.put(w, "verb"));
        for (String e : RIVER_ENDINGS) for (String w : e.split(" ")) out.putIfAbsent(w, "river");
        for (String e : MONEY_ENDINGS) for (String w : e.split(" ")) out.putIfAbsent(w, "money");
        out.put("to", "function");
        out.put("the", "function");
        out.put("bank", "bank");
        out.put(ElmanGrammar.BOUNDARY, "boundary");
        return out;
    }

    /** One sentence without its boundary; half are about a river bank, half about a money bank. */
    static String sentence(SplittableRandom rnd) {
        boolean river = rnd.nextBoolean();
        StringBuilder sb = new StringBuilder();
        if (rnd.nextInt(3) == 0) sb.append(ADJECTIVES.get(rnd.nextInt(ADJECTIVES.size()))).append(' ');
        List<String> subjects = river ? RIVER_SUBJECTS : MONEY_SUBJECTS;
        List<String> endings = river ? RIVER_ENDINGS : MONEY_ENDINGS;
        sb.append(subjects.get(rnd.nextInt(subjects.size()))).append(' ')
                .append(VERBS.get(rnd.nextInt(VERBS.size()))).append(" to the bank ")
                .append(endings.get(rnd.nextInt(endings.size())));
        return sb.toString();
    }

    public static Corpus corpus(int sentences, long seed, double split) {
        if (sentences < 1) {
            throw new DataException("sentences=" + sentences + " must be at least 1");
        }
        if (!(split > 0 && split <= 1)) {
            throw new DataException("split=" + split + " must be above 0 and at most 1 (the training share, e.g. 0.9)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int trainSentences = split >= 1 ? sentences : Math.max(1, (int) Math.floor(sentences * split));
        int trainTokens = 0;
        StringBuilder sb = new StringBuilder(sentences * 40);
        for (int i = 0; i < sentences; i++) {
            String s = sentence(rnd);
            sb.append(s).append(' ').append(ElmanGrammar.BOUNDARY).append('\n');
            if (i < trainSentences) trainTokens += s.split(" ").length + 1;
        }
        return CorpusLoader.fromText("bank", "bank sentences=" + sentences + " seed=" + seed,
                sb.toString(), TokenKind.WORD, split, 1, categoryOf(), trainTokens);
    }
}
