package org.seqlab.lang.syntax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.SourceText;
import org.seqlab.lang.ast.Script;

/**
 * The facade over ANTLR: text in, seqlab's immutable AST out, or a {@link DiagnosticException}
 * carrying every syntax error found. Nothing outside this package sees an ANTLR type.
 */
public final class ScriptParser {

    /** How deep '{' and '(' may nest; far beyond any real model, well within the parser's stack. */
    public static final int MAX_NESTING = 64;

    private final Function<String, String> expectedValue;

    /** A parser whose messages say "expected a value after 'x='". */
    public ScriptParser() {
        this(name -> null);
    }

    /**
     * @param expectedValue what a parameter's value should be, in words ("a whole number"), or
     *                      null when unknown; lets syntax errors say {@code expected a number after 'hidden='}
     */
    public ScriptParser(Function<String, String> expectedValue) {
        this.expectedValue = expectedValue;
    }

    /** Parses {@code text}, registering it under {@code file} for the diagnostic formatter. */
    public Script parse(String file, String text) {
        SourceText.register(file, text);
        Spans spans = new Spans(file);
        SyntaxErrors errors = new SyntaxErrors(spans, expectedValue);

        SeqlabParser.ScriptContext tree;
        try {
            tree = syntaxTree(file, text, spans, errors);
        } catch (SyntaxErrors.TooMany e) {
            tree = null;  // enough errors for a report; the rest of the text is not looked at
        }
        if (!errors.found().isEmpty()) {
            throw new DiagnosticException(sorted(errors.found()));
        }
        AstBuilder builder = new AstBuilder(file);
        Script script = builder.script(tree, file);
        if (!builder.problems().isEmpty()) {
            throw new DiagnosticException(sorted(builder.problems()));
        }
        return script;
    }

    /** The parse tree; every problem goes to {@code errors} (the tree is of no use when there are any). */
    private static SeqlabParser.ScriptContext syntaxTree(String file, String text, Spans spans, SyntaxErrors errors) {
        SeqlabLexer lexer = new SeqlabLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        List<Token> kept = new ArrayList<>();
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            if (t.getType() == SeqlabLexer.UNTERMINATED_STRING) {
                errors.add(Diagnostic.error(spans.of(t), "this string is never closed", "add '\"' at its end"));
            } else if (t.getType() == SeqlabLexer.ERROR_CHAR) {
                errors.add(Diagnostic.error(spans.of(t), "unexpected character " + shown(t.getText()),
                        "seqlab text is words, numbers, \"strings\", paths and = ( ) { } , ; : | + - < >; quote other text"));
            } else {
                kept.add(t);
            }
            if (t.getType() == Token.EOF) {
                break;
            }
        }

        Token tooDeep = tooDeep(kept);
        if (tooDeep != null) {
            errors.add(Diagnostic.error(spans.of(tooDeep), "blocks and brackets nest more than " + MAX_NESTING + " deep here",
                    "seqlab models nest a few levels at most; close some blocks before opening more"));
            return null;
        }
        SeqlabParser parser = new SeqlabParser(new CommonTokenStream(new ListTokenSource(kept)));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        return parser.script();
    }

    /**
     * The '{' or '(' that opens one level more than {@link #MAX_NESTING}, or null. Checked before parsing
     * because the generated parser, the AST builder and the checker recurse once per level.
     */
    private static Token tooDeep(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case SeqlabLexer.LBRACE, SeqlabLexer.LPAREN -> {
                    if (++depth > MAX_NESTING) {
                        return t;
                    }
                }
                case SeqlabLexer.RBRACE, SeqlabLexer.RPAREN -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
        return null;
    }

    /** A character for a message: itself when printable, else its code point (U+0000). */
    private static String shown(String ch) {
        int c = ch.codePointAt(0);
        boolean printable = !Character.isISOControl(c) && Character.isDefined(c) && !Character.isWhitespace(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.LINE_SEPARATOR
                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR && Character.getType(c) != Character.SURROGATE;
        return printable ? "'" + ch + "'" : String.format("U+%04X", c);
    }

    private static List<Diagnostic> sorted(List<Diagnostic> ds) {
        List<Diagnostic> out = new ArrayList<>(ds);
        out.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()));
        return out;
    }
}
