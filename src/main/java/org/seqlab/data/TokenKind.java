package org.seqlab.data;

import java.util.Arrays;
import java.util.Locale;
import org.seqlab.diag.Suggest;

/** How text becomes tokens: Unicode code points, words and punctuation, or raw UTF-8 bytes. */
public enum TokenKind {
    CHAR, WORD, BYTES;

    /** The spelling used in scripts and checkpoints: {@code char}, {@code word}, {@code bytes}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code char|word|bytes} (case-insensitive); anything else is a DataException with a suggestion. */
    public static TokenKind parse(String text) {
        for (TokenKind k : values()) {
            if (k.spelling().equalsIgnoreCase(text)) {
                return k;
            }
        }
        var names = Arrays.stream(values()).map(TokenKind::spelling).toList();
        throw new DataException("unknown token kind '" + text + "'; expected char, word or bytes",
                Suggest.didYouMean(text, names));
    }
}
