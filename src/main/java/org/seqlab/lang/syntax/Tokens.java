package org.seqlab.lang.syntax;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Token facts for the rest of seqlab without ANTLR types: words for token kinds in messages, the
 * kinds the REPL colours, and whether a line leaves a bracket open.
 */
public final class Tokens {

    /** What the REPL highlighter colours. */
    public enum Kind { KEYWORD, WORD, NUMBER, STRING, PATH, COMMENT, PUNCT, ERROR }

    /** A piece of the text: {@code [start, end)} in characters. */
    public record Piece(Kind kind, int start, int end, String text) {
    }

    private Tokens() {
    }

    /** The text cut into coloured pieces; comments included, whitespace left out. */
    public static List<Piece> pieces(String text) {
        List<Piece> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        SeqlabLexer lexer = new SeqlabLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        int pos = 0;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            int start = t.getStartIndex();
            String gap = text.substring(Math.min(pos, start), start);
            int hash = gap.indexOf('#');
            if (hash >= 0) {
                int cStart = pos + hash;
                int cEnd = text.indexOf('\n', cStart);
                cEnd = cEnd < 0 || cEnd > start ? start : cEnd;
                out.add(new Piece(Kind.COMMENT, cStart, cEnd, text.substring(cStart, cEnd)));
            }
            out.add(new Piece(kind(t.getType()), start, t.getStopIndex() + 1, t.getText()));
            pos = t.getStopIndex() + 1;
        }
        int hash = text.indexOf('#', Math.min(pos, text.length()));
        if (hash >= 0) {
            int end = text.indexOf('\n', hash);
            end = end < 0 ? text.length() : end;
            out.add(new Piece(Kind.COMMENT, hash, end, text.substring(hash, end)));
        }
        return out;
    }

    /** How many '{' and '(' the text leaves open (strings and comments ignored); 0 when complete. */
    public static int openBrackets(String text) {
        SeqlabLexer lexer = new SeqlabLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        int depth = 0;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            switch (t.getType()) {
                case SeqlabLexer.LBRACE, SeqlabLexer.LPAREN -> depth++;
                case SeqlabLexer.RBRACE, SeqlabLexer.RPAREN -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
        return depth;
    }

    /** Whether a line ends in a continuation backslash. */
    public static boolean endsWithContinuation(String text) {
        return text.stripTrailing().endsWith("\\");
    }

    private static Kind kind(int type) {
        return switch (type) {
            case SeqlabLexer.NUMBER -> Kind.NUMBER;
            case SeqlabLexer.STRING -> Kind.STRING;
            case SeqlabLexer.UNTERMINATED_STRING, SeqlabLexer.ERROR_CHAR -> Kind.ERROR;
            case SeqlabLexer.PATH -> Kind.PATH;
            case SeqlabLexer.WORD -> Kind.WORD;
            default -> isKeyword(type) ? Kind.KEYWORD : Kind.PUNCT;
        };
    }

    static boolean isKeyword(int type) {
        return type >= SeqlabLexer.MODEL && type <= SeqlabLexer.NEAREST;
    }

    static boolean isPreposition(int type) {
        return type == SeqlabLexer.ON || type == SeqlabLexer.FROM || type == SeqlabLexer.TO
                || type == SeqlabLexer.WITH || type == SeqlabLexer.NEAREST;
    }

    static String afterPreposition(String prep) {
        return switch (prep.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> "a data name, a file or a string";
            case "from" -> "a string or a file";
            case "to" -> "a file name";
            case "with" -> "a model name";
            default -> "a string";
        };
    }

    /** An example of the preposition's use, for a hint. */
    static String prepositionExample(String prep) {
        return switch (prep.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> "e.g. train lm on text, or on \"corpus.txt\"";
            case "from" -> "e.g. sample 200 from \"ROMEO:\"";
            case "to" -> "e.g. inspect gates on \"the boy\" to \"gates.png\"";
            case "with" -> "e.g. translate \"a b c\" with translator";
            default -> "e.g. nearest \"king\"";
        };
    }

    static String describeFound(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "the end of the file";
            case SeqlabLexer.NL -> "the end of the line";
            default -> "'" + t.getText() + "'";
        };
    }

    static String describeExpected(int type) {
        if (isKeyword(type) || type == SeqlabLexer.WORD) {
            return "a name";
        }
        return switch (type) {
            case Token.EOF -> "the end of the file";
            case SeqlabLexer.NL -> "the end of the line";
            case SeqlabLexer.NUMBER -> "a number";
            case SeqlabLexer.STRING -> "a string";
            case SeqlabLexer.PATH -> "a path";
            default -> {
                String lit = SeqlabLexer.VOCABULARY.getLiteralName(type);
                yield lit != null ? lit : "something else";
            }
        };
    }
}
