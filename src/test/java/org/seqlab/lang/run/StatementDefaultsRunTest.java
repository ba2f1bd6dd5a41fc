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
