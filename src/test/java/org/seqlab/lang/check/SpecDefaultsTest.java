package org.seqlab.lang.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.syntax.ScriptParser;

/**
 * The spec tables are the one place a default is written: the checker writes every fixed default into the
 * checked arguments (so the engine reads it there), and writes nothing for a default the engine works out or
 * for a setting's starting value.
 */
class SpecDefaultsTest {

    private static final SourceSpan AT = new SourceSpan("t.seq", 1, 1, 1);

    /** Every table of specs, by a name for messages. */
    static Map<String, Spec> everySpec() {
        Map<String, Spec> all = new LinkedHashMap<>();
        StatementSpecs.statements().forEach((k, s) -> all.put("statement " + k, s));
        LayerSpecs.all().forEach((k, s) -> all.put("layer " + k, s));
        StatementSpecs.inspections().forEach((k, s) -> all.put("inspect " + k, s));
        StatementSpecs.generators().forEach((k, s) -> all.put("task " + k, s));
        return all;
    }

    @Test
    void theCheckerWritesEveryFixedDefaultAndNothingElse() {
        int written = 0;
        for (var e : everySpec().entrySet()) {
            Spec spec = e.getValue();
            Args checked = ArgChecker.check(Args.EMPTY, spec, e.getKey(), AT, Set.of(), new Report());
            for (ParamSpec p : spec.params()) {
                Value v = checked.value(p.name()).orElse(null);
                if (p.kind() == ParamSpec.Default.VALUE) {
                    assertNotNull(v, e.getKey() + " " + p.name() + " has a default the checker did not write");
                    assertEquals(p.defaultText(), v.text(), e.getKey() + " " + p.name());
                    assertEquals(AT, v.span(), "a written default stands at the statement that lacks it");
                    written++;
                } else {
                    assertEquals(null, v, e.getKey() + " " + p.name() + " (" + p.kind() + ") must not be written");
                }
            }
            assertTrue(checked.args().isEmpty() && checked.toString().isEmpty(),
                    "defaults are not shown as if written: " + checked);
        }
        assertTrue(written > 50, "fixed defaults written: " + written);
    }

    @Test
    void aGivenValueWinsAndIsTheOnlyOneGiven() {
        Spec train = StatementSpecs.statement("train").orElseThrow();
        Args in = new Args(List.of(new org.seqlab.lang.ast.Arg("lr", AT, new Value.Num(0.5, "0.5", AT), AT)), List.of());
        Args checked = ArgChecker.check(in, train, "'train'", AT, Set.of(), new Report());
        assertEquals(0.5, checked.checkedNumber("lr"));
        assertEquals(1, checked.defaults().stream().filter(a -> a.name().equals("epochs")).count());
        assertTrue(checked.defaults().stream().noneMatch(a -> a.name().equals("lr")));
        assertTrue(checked.given("lr").isPresent());
        assertFalse(checked.given("batch").isPresent());
        assertEquals(32, checked.checkedNumber("batch"));
    }

    @Test
    void aSettingIsNotWrittenIntoSet() {
        // `set seed=42` changes the seed only: the backend stays whatever it is.
        Statement.SetStmt s = (Statement.SetStmt) checked("set seed=42\n").get(0);
        assertEquals(List.of("seed"), s.opts().all().stream().map(a -> a.name()).toList());
        assertEquals(ParamSpec.Default.INITIAL, StatementSpecs.statement("set").orElseThrow().param("seed").orElseThrow().kind());
        assertEquals(1, StatementSpecs.defaultNumber("set", "seed"));
        assertEquals("cpu", StatementSpecs.defaultText("set", "backend"));
    }

    @Test
    void sampleCarriesItsLengthInOnePlace() {
        List<Statement> st = checked("model m { embed 4; layer lstm(hidden=4); output softmax }\nsample\nsample 30\nsample length=40\n");
        assertEquals("200", ((Statement.Sample) st.get(1)).length().text());
        assertEquals("30", ((Statement.Sample) st.get(2)).length().text());
        assertEquals("40", ((Statement.Sample) st.get(3)).length().text());
        assertTrue(((Statement.Sample) st.get(1)).opts().value("length").isEmpty());
        assertEquals(1.0, ((Statement.Sample) st.get(1)).opts().checkedNumber("temperature"));
    }

    @Test
    void aDefaultThatIsNotAValueOfItsTypeIsRefusedWhenTheTableIsBuilt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ParamSpec.opt("dropout", ParamType.FRACTION, "1.5", "doc"));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void helpShowsTheDefaultsTheEngineUses() {
        // The values the engine used before the defaults moved here (README: "without set seed= the seed is 1").
        assertEquals("1", param("set", "seed").defaultText());
        assertEquals("cpu", param("set", "backend").defaultText());
        assertEquals(ParamSpec.Default.COMPUTED, param("train", "weight_decay").kind());
        assertEquals(ParamSpec.Default.COMPUTED, param("train", "objective").kind());
        assertEquals(ParamSpec.Default.COMPUTED, param("train", "clip").kind());
        assertEquals(ParamSpec.Default.COMPUTED, param("evaluate", "batch").kind());
        assertEquals(ParamSpec.Default.COMPUTED, param("translate", "max").kind());
        assertEquals(ParamSpec.Default.COMPUTED, StatementSpecs.generators().get("copy").param("seed").orElseThrow().kind());
        assertEquals("10", StatementSpecs.generators().get("copy").param("length").orElseThrow().defaultText());
        assertEquals("50", StatementSpecs.generators().get("adding").param("length").orElseThrow().defaultText());
    }

    private static ParamSpec param(String statement, String name) {
        return StatementSpecs.statement(statement).orElseThrow().param(name).orElseThrow();
    }

    private static List<Statement> checked(String text) {
        ScriptParser p = new ScriptParser(StatementSpecs::expectedValue);
        return new Checker(p, new UseResolver()).check(p.parse("t.seq", text), new Scope());
    }
}
