package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BERT's sentence pairs: layout, segments, labels, truncation, repeatability, and corpora without sentences. */
class SentencePairsTest {

    static final String TEXT = "a b . c d e . f . g h ! i j k l ?";

    static Corpus pairs(String text) {
        return Corpus.fromText("t", text, TokenKind.WORD, 1.0, 1).maskedPairs(0.15);
    }

    static List<String> row(Vocabulary v, int[] ids, int from, int len) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + len; i++) out.add(v.token(ids[i]));
        return out;
    }

    @Test
    void aRowIsClsASepBSepThenPaddingWithTheSegmentsOfBert() {
        Corpus c = pairs(TEXT);
        Vocabulary v = c.vocabulary();
        SentencePairs sp = c.pairs(Split.TRAIN);
        assertEquals(5, sp.sentences());
        assertEquals(List.of("c", "d", "e", "."), row(v, sp.sentence(1), 0, 4));
        int b = 4, t = 12;
        int[] ids = new int[b * t], seg = new int[b * t], len = new int[b], lab = new int[b];
        sp.fillOrdered(ids, seg, len, lab, b, t, 7, 0);
        for (int r = 0; r < b; r++) {
            List<String> toks = row(v, ids, r * t, t);
            assertEquals(Vocabulary.CLS, toks.get(0));
            int sep1 = toks.indexOf(Vocabulary.SEP), sep2 = toks.subList(sep1 + 1, t).indexOf(Vocabulary.SEP) + sep1 + 1;
            assertEquals(len[r] - 1, sep2, toks.toString());
            for (int i = len[r]; i < t; i++) assertEquals(Vocabulary.PAD, toks.get(i));
            for (int i = 0; i < t; i++) assertEquals(i > sep1 && i <= sep2 ? 1 : 0, seg[r * t + i], "segment at " + i + " of " + toks);
            List<String> a = toks.subList(1, sep1), bb = toks.subList(sep1 + 1, sep2);
            assertEquals(row(v, sp.sentence(r), 0, sp.sentence(r).length), a, "A is sentence " + r);
            boolean next = bb.equals(row(v, sp.sentence(r + 1), 0, sp.sentence(r + 1).length));
            assertEquals(next ? SentencePairs.IS_NEXT : SentencePairs.NOT_NEXT, lab[r], toks.toString());
            assertTrue(!bb.equals(a), "NotNext never pairs a sentence with itself");
        }
    }

    @Test
    void halfThePairsAreIsNextAndTheDrawsRepeat() {
        Corpus c = ElmanGrammar.stories(2000, 4, 3, 1.0).maskedPairs(0.15);
        SentencePairs sp = c.pairs(Split.TRAIN);
        int b = 64, t = 16;
        int[] ids = new int[b * t], seg = new int[b * t], len = new int[b], lab = new int[b];
        int isNext = 0, n = 0;
        for (long step = 0; step < 50; step++) {
            sp.fillRandom(ids, seg, len, lab, b, t, 11, step);
            for (int l : lab) {
                isNext += l == SentencePairs.IS_NEXT ? 1 : 0;
                n++;
            }
        }
        assertEquals(0.5, (double) isNext / n, 0.03);
        int[] again = new int[b * t], seg2 = new int[b * t], len2 = new int[b], lab2 = new int[b];
        sp.fillRandom(ids, seg, len, lab, b, t, 11, 7);
        sp.fillRandom(again, seg2, len2, lab2, b, t, 11, 7);
        assertArrayEquals(ids, again);
        assertArrayEquals(lab, lab2);
    }

    @Test
    void aLongPairIsCutFromTheEndOfItsLongerSentence() {
        Corpus c = pairs("a b c d e f g . h i . j k l .");
        Vocabulary v = c.vocabulary();
        int[] ids = new int[8], seg = new int[8], len = new int[1], lab = new int[1];
        c.pairs(Split.TRAIN).fillOrdered(ids, seg, len, lab, 1, 8, 1, 0);
        List<String> toks = row(v, ids, 0, 8);
        assertEquals(8, len[0]);
        // A (8 tokens) and B (3 or 4) share 5 positions: A keeps its first 2 or 3, B loses its end only when longer
        assertEquals(List.of(Vocabulary.CLS, "a", "b"), toks.subList(0, 3));
        assertEquals(Vocabulary.SEP, toks.get(7));
    }

    @Test
    void aCorpusWithoutSentencesIsRefused() {
        DataException e = assertThrows(DataException.class, () -> pairs("no full stop in this text at all"));
        assertEquals("objective=masked+next_sentence pairs sentences, but the training split of t has no sentences "
                + "(a sentence ends with '.', '!' or '?')", e.getMessage());
        assertTrue(e.hint().contains("objective=masked alone"), e.hint());
        DataException two = assertThrows(DataException.class, () -> pairs("one sentence . and two ."));
        assertTrue(two.getMessage().contains("has only 2 sentences"), two.getMessage());
    }

    @Test
    void storiesKeepOneCharacterPerStoryAndAskAboutEachStatement() {
        Corpus c = ElmanGrammar.stories(40, 4, 5, 1.0);
        SentencePairs sp = c.maskedPairs(0.15).pairs(Split.TRAIN);
        Vocabulary v = c.vocabulary();
        assertEquals(40, sp.sentences());
        for (int s = 0; s < 40; s += 2) {
            List<String> statement = row(v, sp.sentence(s), 0, sp.sentence(s).length);
            List<String> question = row(v, sp.sentence(s + 1), 0, sp.sentence(s + 1).length);
            assertEquals(v.token(sp.sentence(s - s % 8)[0]), statement.get(0), "one character per story of 4 statements");
            assertTrue(ElmanGrammar.grammatical(statement.subList(0, statement.size() - 1)), statement.toString());
            assertEquals(".", statement.get(statement.size() - 1));
            assertEquals("who", question.get(0));
            assertEquals(statement.subList(1, statement.size() - 1), question.subList(1, question.size() - 1));
            assertEquals("?", question.get(question.size() - 1));
        }
    }
}
