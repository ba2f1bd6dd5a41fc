package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Words and punctuation. A word is a run of letters, digits and combining marks; an apostrophe
 * between two such characters stays inside the word ({@code don't}, {@code o'clock}). Every other
 * non-space code point is a token of its own ({@code ,} {@code .} {@code -}). Whitespace separates
 * and is dropped. Case is kept. Joining puts one space between tokens, none before closing
 * punctuation ({@code . , ; : ! ? ) ] }}) and none after an opening bracket.
 */
public final class WordTokenizer implements Tokenizer {

    static final WordTokenizer INSTANCE = new WordTokenizer();

    private WordTokenizer() {
    }

    /** Letters, digits and marks make words. */
    public static boolean isWordChar(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK;
    }

    /** An apostrophe that joins two word characters. */
    public static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    @Override
    public TokenKind kind() {
        return TokenKind.WORD;
    }

    @Override
    public List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp)) {
                int start = i;
                i += Character.charCount(cp);
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (isWordChar(c)) {
                        i += Character.charCount(c);
                    } else if (isApostrophe(c) && i + 1 < n && isWordChar(text.codePointAt(i + 1))) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.add(text.substring(start, i));
            } else {
                if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                    out.add(Character.toString(cp));
                }
                i += Character.charCount(cp);
            }
        }
        return out;
    }

    @Override
    public String join(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (String t : tokens) {
            if (prev != null && !closes(t) && !opens(prev)) {
                sb.append(' ');
            }
            sb.append(t);
            prev = t;
        }
        return sb.toString();
    }

    private static boolean closes(String t) {
        return t.length() == 1 && ".,;:!?)]}".indexOf(t.charAt(0)) >= 0;
    }

    private static boolean opens(String t) {
        return t.length() == 1 && "([{".indexOf(t.charAt(0)) >= 0;
    }
}
