package org.seqlab.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.diag.SourceText;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;

/**
 * Inputs found by fuzzing: nesting that overflowed the parser's stack, texts whose cost grew with the
 * square of their size, and errors that pointed past the end of the file. Each now ends in diagnostics
 * that point at a line of the text, and the work is bounded by the error limit.
 */
class ParserLimitsTest {

    private static List<Diagnostic> errors(String text) {
        Interpreter interp = new Interpreter(Engine.NONE, new PrintStream(OutputStream.nullOutputStream()));
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> interp.check("t.seq", text));
        for (Diagnostic d : e.diagnostics()) {
            String line = SourceText.line(d.span().file(), d.span().line());
            assertNotNull(line, "a source line for " + d.headline());
            assertTrue(d.span().column() <= line.length() + 1, "the column is on the line: " + d.headline());
        }
        return e.diagnostics();
    }

    private static void fine(String text) {
        new Interpreter(Engine.NONE, new PrintStream(OutputStream.nullOutputStream())).check("t.seq", text);
    }

    @Test
    void deepNestingIsOneClearErrorNotAStackOverflow() {
        String text = "model m {" + "encoder { decoder { ".repeat(50_000) + "embed 4" + " } }".repeat(50_000) + "}";
        List<Diagnostic> ds = errors(text);
        assertEquals(1, ds.size());
        assertEquals("t.seq:1:" + (10 + 31 * 20 + 18) + ": error: blocks and brackets nest more than 64 deep here", ds.get(0).headline());
        assertEquals("seqlab models nest a few levels at most; close some blocks before opening more", ds.get(0).hint());
        assertEquals(1, errors("(".repeat(100_000)).size());
    }

    @Test
    void sixtyFourLevelsStillParse() {
        String text = "model m {" + "repeat 1 {".repeat(63) + "embed 4" + "}".repeat(63) + "}";
        fine(text);
    }

    @Test
    void blankLinesAndSemicolonsAreJustSeparators() {
        fine("\n".repeat(100_000));
        fine(";".repeat(200_000));
        fine("model m { embed 4 }" + "\n".repeat(50_000) + "model n {" + "\n".repeat(50_000) + "embed 4 }\n");
    }

    @Test
    void theErrorLimitStopsTheCheck() {
        List<Diagnostic> ds = errors("model m { embed 4 }\ntrain m " + "x ".repeat(30_000));
        assertEquals(DiagnosticFormatter.MAX_COLLECTED, ds.size());
        String report = DiagnosticFormatter.format(ds);
        assertTrue(report.endsWith("... and 80 more errors (the check stopped at 100)\n"), report);

        List<Diagnostic> dup = errors("model m {\n layer lstm(" + "hidden=8,".repeat(5_000) + "hidden=8)\n}\n");
        assertEquals(DiagnosticFormatter.MAX_COLLECTED, dup.size());
        assertEquals("duplicate parameter 'hidden'", dup.get(0).message());

        List<Diagnostic> noise = errors("@ ) ( =\n".repeat(50_000));
        assertEquals(DiagnosticFormatter.MAX_COLLECTED, noise.size());
    }

    @Test
    void didYouMeanOnHugeNamesCostsNoQuadraticMemory() {
        String a = "a".repeat(200_000);
        String b = "a".repeat(199_999) + "b";
        Diagnostic d = errors("model " + a + " { embed 4 }\ntrain " + b + " on x.txt").get(0);
        assertEquals("t.seq:2:7", d.span().toString());
        assertTrue(d.message().startsWith("undefined model 'aaaa"), d.message().substring(0, 40));
        assertEquals("did you mean '" + a + "'?", d.hint());
        assertEquals(java.util.Optional.of("ba"), org.seqlab.diag.Suggest.closest("ab", List.of("abcd", "ba")),
                "a transposition is one edit; two letters added are two");
    }

    @Test
    void errorsAtTheEndOfTheFilePointAtItsLastText() {
        Diagnostic d = errors("model m { embed 4 }\nmodel n\n\n\n").get(0);
        assertEquals(2, d.span().line(), d.headline());
        assertEquals(8, d.span().column(), d.headline());
        assertEquals("  model n\n         ^\n", DiagnosticFormatter.format(d).lines().skip(1).limit(2)
                .map(l -> l + "\n").reduce("", String::concat));

        for (Diagnostic e : errors("model m { x); y( }\nsummary")) {
            assertTrue(e.span().line() <= 2, e.headline());
        }
        Diagnostic empty = errors("model m = \n").get(0);
        assertEquals(1, empty.span().line(), empty.headline());
    }

    @Test
    void aLoneCarriageReturnDoesNotShiftTheLinesShown() {
        List<Diagnostic> ds = errors("model m {\r embed 4 }\nmodel n { embed 4 @ }");
        assertEquals("t.seq:1:10: error: unexpected character U+000D", ds.get(0).headline());
        assertEquals("t.seq:2:19: error: unexpected character '@'", ds.get(1).headline());
        assertEquals("model n { embed 4 @ }", SourceText.line("t.seq", 2));
    }

    @Test
    void syntaxErrorsComeWithAHint() {
        assertEquals("remove the ',' or write a value after it",
                errors("model m { layer lstm(hidden=8,) }").get(0).hint());
        assertEquals("a statement starts with a word, e.g. 'model lm { ... }' or 'train lm on text'",
                errors("42 is the answer").get(0).hint());
        Diagnostic nul = errors("model m { embed 4 \0 }").get(0);
        assertEquals("unexpected character U+0000", nul.message());
    }
}
