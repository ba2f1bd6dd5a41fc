package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.Checker;
import org.seqlab.lang.check.ParamSpec;
import org.seqlab.lang.check.Scope;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.syntax.ScriptParser;
import org.seqlab.train.TrainConfig;
import org.seqlab.session.Workspace;

/**
 * Defaults are written once, in the checker's spec tables: the checker writes them into the checked statement
 * and the engine does what they say, reading them there and nowhere else.
 */
class DefaultsTest {

    /** Train options that TrainConfig does not hold (the masking rate, teacher forcing: read by their own runs). */
    private static final List<String> NOT_IN_CONFIG = List.of("rate", "teacher_forcing");

    @Test
    void aSessionStartsAsTheSetSpecSays() {
        assertEquals("1", StatementSpecs.defaultText("set", "seed"));
        assertEquals(1, TensorEngine.seed(new Workspace()));
        assertEquals("cpu", StatementSpecs.defaultText("set", "backend"));
        assertEquals("cpu", new TensorEngine().backend().name());
    }

    @Test
    void everyTrainDefaultIsWhatTheRunUses() {
        TrainConfig implicit = config("");
        int checkedParams = 0;
        for (ParamSpec p : fixedTrainDefaults()) {
            if (NOT_IN_CONFIG.contains(p.name())) continue;
            assertEquals(implicit, config(p.name() + "=" + p.defaultText()),
                    "train " + p.name() + "=" + p.defaultText() + " written out must run as leaving it out");
            String other = other(p);
            assertNotEquals(implicit, config(p.name() + "=" + other), "the run must read " + p.name() + " (tried " + other + ")");
            checkedParams++;
        }
        assertEquals(10, checkedParams);
        // What the README promises, through the same path.
        assertEquals(1, implicit.epochs());
        assertEquals(32, implicit.batch());
        assertEquals(1e-3f, implicit.lr());
        assertEquals("adam", implicit.optimizer());
        assertEquals(20, implicit.valBatches());
        assertTrue(implicit.valBudget(), "val_batches left out: 20, scaled down in a short run");
        assertEquals(4, implicit.validationBatches(40));
        assertFalse(config("val_batches=20").valBudget(), "a given val_batches is kept");
        assertEquals(20, config("val_batches=20").validationBatches(40));
        assertEquals(TrainConfig.BETA1, implicit.beta1());
        assertEquals(TrainConfig.BETA2, implicit.beta2());
        assertEquals(7, implicit.seed(), "the session's seed");
        assertEquals(0f, config("optimizer=sgd").clip(), "clip: off for a model without recurrent layers");
        assertTrue(Float.isNaN(implicit.weightDecay()), "weight_decay left out: the optimizer's own");
    }

    /**
     * TrainOptions keeps no default of its own: without the value the checker writes, it fails rather than
     * fall back to a constant. (A fallback literal put back for any fixed default makes this fail.)
     */
    @Test
    void trainOptionsHasNoFallbackForAFixedDefault() {
        Args checked = train("").opts();
        for (ParamSpec p : fixedTrainDefaults()) {
            if (NOT_IN_CONFIG.contains(p.name())) continue;
            Args without = new Args(checked.args(), checked.flags(),
                    checked.defaults().stream().filter(a -> !a.name().equals(p.name())).toList());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainOptions.from(without, 7, false),
                    "TrainOptions fell back to a value of its own for " + p.name());
            assertTrue(e.getMessage().contains("'" + p.name() + "'"), e.getMessage());
        }
    }

    private static List<ParamSpec> fixedTrainDefaults() {
        return StatementSpecs.statement("train").orElseThrow().params().stream()
                .filter(p -> p.kind() == ParamSpec.Default.VALUE).toList();
    }

    private static TrainConfig config(String opts) {
        return TrainOptions.from(train(opts).opts(), 7, false);
    }

    private static Statement.Train train(String opts) {
        ScriptParser p = new ScriptParser(StatementSpecs::expectedValue);
        List<Statement> st = new Checker(p, new UseResolver()).check(p.parse("t.seq",
                "task copy\nmodel m { embed 4; dense 4; output softmax }\ntrain m on copy " + opts + "\n"), new Scope());
        return (Statement.Train) st.get(st.size() - 1);
    }

    /** A valid value of {@code p} other than its default: another choice, or another number its type takes. */
    static String other(ParamSpec p) {
        for (String c : p.type().choices()) {
            if (!c.equals(p.defaultText())) return c;
        }
        double d = Double.parseDouble(p.defaultText());
        for (double c : new double[] {d + 1, d * 2, d / 2, 0.5, 0.25}) {
            String text = String.format(Locale.ROOT, "%s", c == Math.rint(c) ? Long.toString((long) c) : Double.toString(c));
            if (c != d && p.type().problem(new Value.Num(c, text, null)) == null) return text;
        }
        throw new IllegalStateException("no other value for " + p.name());
    }
}
