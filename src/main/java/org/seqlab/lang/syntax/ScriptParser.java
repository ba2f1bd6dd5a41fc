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

        SeqlabLexer lexer = new SeqlabLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        List<Token> kept = new ArrayList<>();
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            if (t.getType() == SeqlabLexer.UNTERMINATED_STRING) {
                errors.add(Diagnostic.error(spans.of(t), "this string is never closed", "add '\"' at its end"));
            } else if (t.getType() == SeqlabLexer.ERROR_CHAR) {
                errors.add(Diagnostic.error(spans.of(t), "unexpected character '" + t.getText() + "'"));
            } else {
                kept.add(t);
            }
            if (t.getType() == Token.EOF) {
                break;
            }
        }

        SeqlabParser parser = new SeqlabParser(new CommonTokenStream(new ListTokenSource(kept)));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        SeqlabParser.ScriptContext tree = parser.script();
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

    private static List<Diagnostic> sorted(List<Diagnostic> ds) {
        List<Diagnostic> out = new ArrayList<>(ds);
        out.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()));
        return out;
    }
}
