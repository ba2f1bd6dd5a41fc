package org.seqlab.data;

import java.util.List;

/**
 * Splits text into token strings and joins them back. Used for short texts (primes, inspected
 * sentences, samples); whole files go through {@code CorpusLoader}'s streaming scanners, which apply
 * the same rules without making a String per token.
 */
public interface Tokenizer {

    TokenKind kind();

    /** The tokens of {@code text}, in order. */
    List<String> split(String text);

    /** Text for a token sequence: the inverse of {@link #split} for text the tokenizer produced. */
    String join(List<String> tokens);

    static Tokenizer of(TokenKind kind) {
        return switch (kind) {
            case CHAR -> CharTokenizer.INSTANCE;
            case WORD -> WordTokenizer.INSTANCE;
            case BYTES -> ByteTokenizer.INSTANCE;
        };
    }
}
