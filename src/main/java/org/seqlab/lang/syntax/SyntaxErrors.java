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
        }
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                            RecognitionException e) {
        Parser parser = (Parser) recognizer;
        Token t = (Token) offending;
        TokenStream in = parser.getInputStream();
        Token prev = previous(in, t);
        IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens()
                : parser.getExpectedTokens();
        if (t.getType() == Token.EOF) {
            Token open = unclosed(in, t.getTokenIndex());
            if (open != null) {
                String close = open.getType() == SeqlabLexer.LBRACE ? "}" : ")";
                add(Diagnostic.error(spans.of(open), "this '" + open.getText() + "' is never closed",
                        "add '" + close + "' to end it"));
                return;
            }
        }
        add(Diagnostic.error(spans.of(t), message(t, prev, in, expected)));
    }

    private String message(Token t, Token prev, TokenStream in, IntervalSet expected) {
        int pt = prev == null ? -1 : prev.getType();
        if (pt == SeqlabLexer.ASSIGN) {
            Token key = previous(in, prev);
            String name = key == null ? "" : key.getText();
            String what = expectedValue.apply(name);
            return "expected " + (what == null ? "a value" : what) + " after '" + name + "='";
        }
        if (Tokens.isPreposition(pt)) {
            return "expected " + Tokens.afterPreposition(prev.getText()) + " after '" + prev.getText() + "'";
        }
        if (pt == SeqlabLexer.COMMA) {
            return "expected a value after ','";
        }
        if (pt == SeqlabLexer.MODEL && prev.getTokenIndex() == statementStart(in, prev)) {
            return "expected a model name after 'model'";
        }
        if ((t.getType() == SeqlabLexer.RPAREN || t.getType() == SeqlabLexer.RBRACE)
                && !expected.contains(t.getType())) {
            return "unmatched '" + t.getText() + "'";
        }
        if (t.getType() == SeqlabLexer.ASSIGN) {
            return "unexpected '='; a parameter name goes before it";
        }
        if (expected.size() == 1 && expected.contains(SeqlabLexer.COLON)) {
            return "expected ':' after '" + (prev == null ? "" : prev.getText()) + "'";
        }
        if (prev == null || pt == SeqlabLexer.NL || pt == SeqlabLexer.SEMI) {
            return "expected a statement, found " + Tokens.describeFound(t);
        }
        String wanted = describe(expected);
        return "unexpected " + Tokens.describeFound(t) + (wanted.isEmpty() ? "" : "; expected " + wanted);
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
