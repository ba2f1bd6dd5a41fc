package org.seqlab.lang.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.SourceSpan;

/**
 * Replaces ANTLR's console listener: every syntax error becomes a {@link Diagnostic} said in
 * words ("expected a number after 'hidden='"), never in rule names or token ids. Only the first
 * error of a line is kept, so one slip does not drown the report in follow-on noise.
 */
final class SyntaxErrors extends BaseErrorListener {

    private final Spans spans;
    private final Function<String, String> expectedValue;
    private final List<Diagnostic> found = new ArrayList<>();
    private final Set<Integer> lines = new HashSet<>();

    SyntaxErrors(Spans spans, Function<String, String> expectedValue) {
        this.spans = spans;
        this.expectedValue = expectedValue;
    }

    List<Diagnostic> found() {
        return found;
    }

    void add(Diagnostic d) {
        if (lines.add(d.span().line())) {
            found.add(d);
            if (found.size() >= org.seqlab.diag.DiagnosticFormatter.MAX_COLLECTED) {
                throw new TooMany();
            }
        }
    }

    /** Thrown once {@link #MAX_CALLS} errors were reported: parsing stops, the errors so far are the report. */
    static final class TooMany extends RuntimeException {
        TooMany() {
            super(null, null, false, false);
        }
    }

    /**
     * How many errors ANTLR may report before parsing stops. Far more than a report shows
     * ({@link org.seqlab.diag.DiagnosticFormatter#MAX_REPORTED}); it bounds the work of error recovery
     * on a file of noise.
     */
    static final int MAX_CALLS = 200;

    private int calls;
    private boolean eofSeen;
    private Token eofOpen;
    private Token eofAfter;

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                            RecognitionException e) {
        if (++calls > MAX_CALLS) {
            throw new TooMany();
        }
        Parser parser = (Parser) recognizer;
        Token t = (Token) offending;
        TokenStream in = parser.getInputStream();
        Token prev = previous(in, t);
        if (t.getType() == Token.EOF) {
            if (!eofSeen) {  // the scans below run once, not once per error reported at the end
                eofSeen = true;
                eofOpen = unclosed(in, t.getTokenIndex());
                eofAfter = lastText(in, t);
            }
            Token open = eofOpen;
            if (open != null) {
                String close = open.getType() == SeqlabLexer.LBRACE ? "}" : ")";
                add(Diagnostic.error(spans.of(open), "this '" + open.getText() + "' is never closed",
                        "add '" + close + "' to end it"));
                return;
            }
        }
        SourceSpan at = t.getType() == Token.EOF ? spans.endAfter(eofAfter) : spans.of(t);
        if (lines.contains(at.line())) {
            return;  // only the first error of a line is shown; the rest is follow-on noise
        }
        IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens()
                : parser.getExpectedTokens();
        String[] said = message(t, prev, in, expected);
        add(Diagnostic.error(at, said[0], said[1]));
    }

    /** The message and its hint (null when there is nothing useful to add). */
    private String[] message(Token t, Token prev, TokenStream in, IntervalSet expected) {
        int pt = prev == null ? -1 : prev.getType();
        if (pt == SeqlabLexer.ASSIGN) {
            Token key = previous(in, prev);
            String name = key == null ? "" : key.getText();
            String what = expectedValue.apply(name);
            return said("expected " + (what == null ? "a value" : what) + " after '" + name + "='",
                    "write the value right after '=', e.g. " + name + "=" + example(what));
        }
        if (Tokens.isPreposition(pt)) {
            return said("expected " + Tokens.afterPreposition(prev.getText()) + " after '" + prev.getText() + "'",
                    Tokens.prepositionExample(prev.getText()));
        }
        if (pt == SeqlabLexer.COMMA) {
            return said("expected a value after ','", "remove the ',' or write a value after it");
        }
        if (pt == SeqlabLexer.MODEL && prev.getTokenIndex() == statementStart(in, prev)) {
            return said("expected a model name after 'model'", "e.g. model lm { ... }");
        }
        if ((t.getType() == SeqlabLexer.RPAREN || t.getType() == SeqlabLexer.RBRACE)
                && !expected.contains(t.getType())) {
            String open = t.getType() == SeqlabLexer.RPAREN ? "(" : "{";
            return said("unmatched '" + t.getText() + "'", "remove it, or add the '" + open + "' it closes");
        }
        if (t.getType() == SeqlabLexer.ASSIGN) {
            return said("unexpected '='; a parameter name goes before it", "write name=value, e.g. hidden=128");
        }
        if (expected.size() == 1 && expected.contains(SeqlabLexer.COLON)) {
            return said("expected ':' after '" + (prev == null ? "" : prev.getText()) + "'",
                    "a rule reads 'every 100 steps: STATEMENT' or 'when loss < 1.5: STATEMENT'");
        }
        if (prev == null || pt == SeqlabLexer.NL || pt == SeqlabLexer.SEMI) {
            return said("expected a statement, found " + Tokens.describeFound(t),
                    "a statement starts with a word, e.g. 'model lm { ... }' or 'train lm on text'");
        }
        String wanted = describe(expected);
        return said("unexpected " + Tokens.describeFound(t) + (wanted.isEmpty() ? "" : "; expected " + wanted),
                hintFor(t, wanted));
    }

    private static String[] said(String message, String hint) {
        return new String[] {message, hint};
    }

    private static String example(String what) {
        if (what == null) {
            return "...";
        }
        return what.contains("number") ? "128" : what.contains("string") ? "\"text\"" : "...";
    }

    /** A hint for the general "unexpected X" message, from what was found. */
    private static String hintFor(Token found, String wanted) {
        return switch (found.getType()) {
            case Token.EOF -> "the text stops in the middle of a statement; finish it"
                    + (wanted.isEmpty() ? "" : " with " + wanted);
            case SeqlabLexer.NL -> "the statement stops at the end of the line; end a line with '\\' to continue it";
            case SeqlabLexer.LBRACE -> "a '{' block follows a model name, 'repeat N', 'encoder' or 'decoder'";
            case SeqlabLexer.LPAREN -> "'(' follows a layer kind or a model template's name, e.g. lstm(hidden=128)";
            case SeqlabLexer.COLON -> "':' follows a rule's condition, e.g. every 100 steps: sample 50";
            case SeqlabLexer.SEMI -> "';' separates statements; this one is not finished";
            default -> wanted.equals("the end of the statement")
                    ? "end the statement before this (a new line or ';'), or join the words with '=' or ','"
                    : wanted.isEmpty() ? "check the words just before this point" : "write " + wanted + " here";
        };
    }

    /** The last token before {@code eof} that is not a line end or ';', or null when there is none. */
    private static Token lastText(TokenStream in, Token eof) {
        for (int i = eof.getTokenIndex() - 1; i >= 0; i--) {
            Token x = in.get(i);
            if (x.getType() != SeqlabLexer.NL && x.getType() != SeqlabLexer.SEMI) {
                return x;
            }
        }
        return null;
    }

    /** The expected token set in words: "a value, ')' or ','". */
    static String describe(IntervalSet expected) {
        Set<String> words = new LinkedHashSet<>();
        for (int type : expected.toList()) {
            boolean end = type == Token.EOF || type == SeqlabLexer.NL || type == SeqlabLexer.SEMI;
            words.add(end ? "the end of the statement" : Tokens.describeExpected(type));
        }
        List<String> list = new ArrayList<>(words);
        if (list.size() > 4) {
            return "";
        }
        if (list.size() <= 1) {
            return String.join("", list);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    private static Token previous(TokenStream in, Token t) {
        int i = t.getTokenIndex() - 1;
        return i >= 0 ? in.get(i) : null;
    }

    private static int statementStart(TokenStream in, Token t) {
        int i = t.getTokenIndex();
        while (i > 0) {
            int type = in.get(i - 1).getType();
            if (type == SeqlabLexer.NL || type == SeqlabLexer.SEMI || type == SeqlabLexer.COLON
                    || type == SeqlabLexer.LBRACE) {
                break;
            }
            i--;
        }
        return i;
    }

    /** The innermost '{' or '(' before {@code end} that no bracket closes, or null. */
    private static Token unclosed(TokenStream in, int end) {
        List<Token> stack = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            Token x = in.get(i);
            if (x.getType() == SeqlabLexer.LBRACE || x.getType() == SeqlabLexer.LPAREN) {
                stack.add(x);
            } else if ((x.getType() == SeqlabLexer.RBRACE || x.getType() == SeqlabLexer.RPAREN) && !stack.isEmpty()) {
                stack.remove(stack.size() - 1);
            }
        }
        return stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }
}
