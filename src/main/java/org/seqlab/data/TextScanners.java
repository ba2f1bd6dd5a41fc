package org.seqlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming tokenizers for whole files: they turn decoded chunks into provisional ids (numbered in
 * order of first appearance) in an {@link IdBuffer}, applying exactly the rules of
 * {@link CharTokenizer} and {@link WordTokenizer}.
 */
final class TextScanners {

    private TextScanners() {
    }

    /** A sink that also tells the distinct tokens it saw, index = provisional id. */
    interface Scanner extends Utf8Chunks.Sink {
        List<String> tokens();
    }

    static Scanner of(TokenKind kind, IdBuffer out) {
        return switch (kind) {
            case CHAR -> new Chars(out);
            case WORD -> new Words(out);
            case BYTES -> throw new IllegalArgumentException("bytes are not scanned as text");
        };
    }

    /** Code points. */
    static final class Chars implements Scanner {
        private final IdBuffer out;
        private final int[] table = new int[Character.MAX_CODE_POINT + 1];
        private final List<String> tokens = new ArrayList<>();
        private char pendingHigh;

        Chars(IdBuffer out) {
            this.out = out;
            Arrays.fill(table, -1);
        }

        @Override
        public void chars(char[] buf, int len) {
            for (int i = 0; i < len; i++) {
                char c = buf[i];
                int cp;
                if (pendingHigh != 0) {
                    cp = Character.toCodePoint(pendingHigh, c);
                    pendingHigh = 0;
                } else if (Character.isHighSurrogate(c)) {
                    if (i + 1 == len) {
                        pendingHigh = c;
                        continue;
                    }
                    cp = Character.toCodePoint(c, buf[++i]);
                } else {
                    cp = c;
                }
                int id = table[cp];
                if (id < 0) {
                    id = tokens.size();
                    table[cp] = id;
                    tokens.add(Character.toString(cp));
                }
                out.add(id);
            }
        }

        @Override
        public void end() {
        }

        @Override
        public List<String> tokens() {
            return tokens;
        }
    }

    /** Words and punctuation; a word may span chunk boundaries. */
    static final class Words implements Scanner {
        private static final boolean[] ASCII_WORD = new boolean[128];

        static {
            for (int c = 0; c < 128; c++) {
                ASCII_WORD[c] = WordTokenizer.isWordChar(c);
            }
        }

        private final IdBuffer out;
        private final TokenTable table = new TokenTable();
        private char[] word = new char[64];
        private int wordLength;
        private final char[] single = new char[2];
        private int pendingApostrophe = -1;
        private char pendingHigh;

        Words(IdBuffer out) {
            this.out = out;
        }

        @Override
        public void chars(char[] buf, int len) {
            for (int i = 0; i < len; i++) {
                char c = buf[i];
                if (c < 128 && pendingHigh == 0 && pendingApostrophe < 0 && ASCII_WORD[c]) {
                    // The common case inline: one more ASCII letter or digit of a word.
                    if (wordLength == word.length) {
                        word = Arrays.copyOf(word, word.length * 2);
                    }
                    word[wordLength++] = c;
                    continue;
                }
                int cp;
                if (pendingHigh != 0) {
                    cp = Character.toCodePoint(pendingHigh, c);
                    pendingHigh = 0;
                } else if (Character.isHighSurrogate(c)) {
                    if (i + 1 == len) {
                        pendingHigh = c;
                        continue;
                    }
                    cp = Character.toCodePoint(c, buf[++i]);
                } else {
                    cp = c;
                }
                step(cp);
            }
        }

        private void step(int cp) {
            if (WordTokenizer.isWordChar(cp)) {
                if (pendingApostrophe >= 0) {
                    append(pendingApostrophe);
                    pendingApostrophe = -1;
                }
                append(cp);
                return;
            }
            if (pendingApostrophe >= 0) {
                int a = pendingApostrophe;
                pendingApostrophe = -1;
                flushWord();
                single(a);
            }
            if (wordLength > 0 && WordTokenizer.isApostrophe(cp)) {
                pendingApostrophe = cp;
                return;
            }
            flushWord();
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                single(cp);
            }
        }

        private void append(int cp) {
            if (wordLength + 2 > word.length) {
                word = Arrays.copyOf(word, word.length * 2);
            }
            wordLength += Character.toChars(cp, word, wordLength);
        }

        private void flushWord() {
            if (wordLength > 0) {
                out.add(table.id(word, wordLength));
                wordLength = 0;
            }
        }

        private void single(int cp) {
            out.add(table.id(single, Character.toChars(cp, single, 0)));
        }

        @Override
        public void end() {
            if (pendingApostrophe >= 0) {
                int a = pendingApostrophe;
                pendingApostrophe = -1;
                flushWord();
                single(a);
            }
            flushWord();
        }

        @Override
        public List<String> tokens() {
            return table.strings();
        }
    }
}
