package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;

/** One token per Unicode code point (a surrogate pair is one token); joining concatenates. */
final class CharTokenizer implements Tokenizer {

    static final CharTokenizer INSTANCE = new CharTokenizer();

    private CharTokenizer() {
    }

    @Override
    public TokenKind kind() {
        return TokenKind.CHAR;
    }

    @Override
    public List<String> split(String text) {
        List<String> out = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    @Override
    public String join(List<String> tokens) {
        return String.join("", tokens);
    }
}
