package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.lang.check.ParamSpec;
import org.seqlab.lang.check.Spec;
import org.seqlab.lang.check.StatementSpecs;

/**
 * Statements run on the real engine as their spec's defaults say: each statement with every fixed default
 * written out prints exactly what it prints with them left out, and another value of each changes what it
 * prints (so the engine reads it rather than a value of its own).
 */
class StatementDefaultsRunTest {

    private static final String SETUP = EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=2 batch=4 seq=8\n";

    /** A statement, and the spec whose fixed defaults it takes. */
    private record Case(String statement, Spec spec) {
    }

    @Test
    void statementsRunWithTheirWrittenDefaults() {
        Map<String, Spec> inspect = StatementSpecs.inspections();
        List<Case> cases = List.of(
                new Case("sample 30", StatementSpecs.statement("sample").orElseThrow()),
                new Case("inspect next on \"boy\"", inspect.get("next")),
                new Case("inspect hidden on \"boy eat\" values", inspect.get("hidden")),
                new Case("inspect neurons on \"boy eat\"", inspect.get("neurons")),
                new Case("inspect words", inspect.get("words")),
                new Case("inspect positional values", inspect.get("positional")));
        int params = 0;
        for (Case c : cases) {
            String implicit = last(c.statement());
            assertTrue(!implicit.isBlank(), c.statement());
            List<String> all = new ArrayList<>();
            for (ParamSpec p : c.spec().params()) {
                // sample's length is given by position in the case
                if (p.kind() != ParamSpec.Default.VALUE || (c.statement().startsWith("sample") && p.name().equals("length"))) {
                    continue;
                }
                all.add(p.name() + "=" + p.defaultText());
                assertEquals(implicit, last(c.statement() + " " + p.name() + "=" + p.defaultText()), c.statement() + " " + p.name());
                // inspect words reads at most tokens= of a 153-token split: fewer than the default changes it
                String other = c.statement() + " " + p.name() + "=" + (p.name().equals("tokens") ? "20" : DefaultsTest.other(p));
                assertNotEquals(implicit, last(other), "the engine must read " + other);
                params++;
            }
            assertEquals(implicit, last(c.statement() + " " + String.join(" ", all)), c.statement() + " with every default");
        }
        assertEquals(10, params);
    }

    /**
     * Every task generator makes the same examples with its fixed defaults written out, and different ones with
     * another value of each (its seed is the session's: a computed default, not written).
     */
    @Test
    void everyTaskIsGeneratedAsItsSpecSays() {
        int params = 0;
        for (var e : StatementSpecs.generators().entrySet()) {
            String task = "task " + e.getKey();
            String implicit = generated(task);
            for (ParamSpec p : e.getValue().params()) {
                if (p.kind() != ParamSpec.Default.VALUE) continue;
                assertEquals(implicit, generated(task + " " + p.name() + "=" + p.defaultText()), task + " " + p.name());
                double d = Double.parseDouble(p.defaultText());    // one less, or half (a share): a value every task takes
                double less = p.type().problem(new org.seqlab.lang.ast.Value.Num(d - 1, "", null)) == null ? d - 1 : d / 2;
                String other = task + " " + p.name() + "=" + (less == Math.rint(less) ? Long.toString((long) less) : Double.toString(less));
                assertNotEquals(implicit, generated(other), "the generator must read " + other);
                params++;
            }
        }
        assertTrue(params >= 15, "task parameters: " + params);
    }

    /** The examples a task declaration makes, described (sizes, vocabulary, lengths). */
    private static String generated(String declaration) {
        org.seqlab.lang.syntax.ScriptParser p = new org.seqlab.lang.syntax.ScriptParser(StatementSpecs::expectedValue);
        List<org.seqlab.lang.ast.Statement> st = new org.seqlab.lang.check.Checker(p, new org.seqlab.lang.check.UseResolver())
                .check(p.parse("t.seq", declaration + "\n"), new org.seqlab.lang.check.Scope());
        return EngineData.declared((org.seqlab.lang.ast.Statement.DataDecl) st.get(0), new org.seqlab.session.Workspace(), 1)
                .toString();
    }

    /** What {@code statement} prints (or the error it stops with) after the shared setup, on a fresh engine. */
    private static String last(String statement) {
        EngineHarness h = new EngineHarness().run(SETUP);
        int from = h.output().length();
        try {
            h.run(statement + "\n");
        } catch (RunFailure | DiagnosticException e) {
            return "error: " + e.getMessage();
        }
        return h.output().substring(from);
    }
}
