package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void charsAreCodePoints() {
        Tokenizer t = Tokenizer.of(TokenKind.CHAR);
        List<String> parts = t.split("aé😀\n");
        assertEquals(List.of("a", "é", "😀", "\n"), parts);
        assertEquals("aé😀\n", t.join(parts));
    }

    @Test
    void wordsSplitOnSpaceAndPunctuation() {
        Tokenizer t = Tokenizer.of(TokenKind.WORD);
        assertEquals(List.of("Hello", ",", "world", "!", "don't", "stop", "'", "now", "-", "ok", "."),
                t.split("Hello, world!  don't stop 'now -ok."));
        assertEquals(List.of("x", "'"), t.split("x'"));
        assertEquals(List.of("naïve", "café", "日本語"), t.split("naïve café 日本語"));
    }

    @Test
    void wordJoinRoundTripsOrdinaryText() {
        Tokenizer t = Tokenizer.of(TokenKind.WORD);
        String text = "the boy ate the fish. (really) yes, no; maybe: why?";
        assertEquals(text, t.join(t.split(text)));
    }

    @Test
    void bytesRoundTrip() {
        Tokenizer t = Tokenizer.of(TokenKind.BYTES);
        List<String> parts = t.split("a é\n");
        assertEquals(List.of("a", "<0x20>", "<0xC3>", "<0xA9>", "<0x0A>"), parts);
        assertEquals("a é\n", t.join(parts));
    }

    @Test
    void vocabularyEncodesAndDecodes() {
        Vocabulary v = new Vocabulary(TokenKind.WORD, List.of("<unk>", "the", "boy", "."));
        assertEquals(1, v.id("the"));
        assertEquals(-1, v.id("girl"));
        int[] ids = v.encode("the girl.");
        assertEquals(List.of(1, 0, 3), List.of(ids[0], ids[1], ids[2]));
        assertEquals("the <unk>.", v.decode(ids));
        DataException e = assertThrows(DataException.class, () -> v.encodeStrict("the girl ate"));
        assertEquals("the words 'girl', 'ate' are not in the vocabulary (4 tokens)", e.getMessage());
        assertEquals(List.of("girl", "ate"), v.unknownTokens("the girl ate the"));
    }

    @Test
    void strictCharErrorNamesTheCharacter() {
        Vocabulary v = new Vocabulary(TokenKind.CHAR, List.of("a", "b"));
        DataException e = assertThrows(DataException.class, () -> v.encode("abz"));
        assertEquals("the character 'z' is not in the vocabulary (2 tokens)", e.getMessage());
    }

    @Test
    void withSpecialAppendsWithoutMovingIds() {
        Vocabulary v = new Vocabulary(TokenKind.CHAR, List.of("a", "b"));
        Vocabulary m = v.withSpecial(Vocabulary.MASK);
        assertEquals(2, m.maskId());
        assertEquals(0, m.id("a"));
        assertEquals(-1, v.maskId());
        assertTrue(m.withSpecial(Vocabulary.MASK) == m);
    }

    @Test
    void jsonRoundTrip() {
        Vocabulary v = new Vocabulary(TokenKind.CHAR, List.of("<unk>", "\"", "\\", "\n", "\t", "é", "😀", "\u0001"));
        String json = v.toJson();
        assertEquals(v, Vocabulary.fromJson(json));
        assertThrows(DataException.class, () -> Vocabulary.fromJson("{\"tokenizer\":\"char\",\"tokens\":[\"a\""));
        assertThrows(DataException.class, () -> Vocabulary.fromJson("{\"tokenizer\":\"chr\",\"tokens\":[]}"));
    }

    @Test
    void tokenKindSuggests() {
        DataException e = assertThrows(DataException.class, () -> TokenKind.parse("chars"));
        assertEquals("did you mean 'char'?", e.hint());
    }
}
