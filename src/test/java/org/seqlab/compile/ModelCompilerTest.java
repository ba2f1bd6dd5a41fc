package org.seqlab.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.seqlab.backend.CpuBackends;
import org.seqlab.data.Corpus;
import org.seqlab.data.Generators;
import org.seqlab.data.TokenKind;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.check.Checker;
import org.seqlab.lang.check.Scope;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.syntax.ScriptParser;
import org.seqlab.nn.Param;
import org.junit.jupiter.api.Test;

class ModelCompilerTest {

    private static final DataShape TEXT = DataShape.of(Corpus.fromText("text", "hello world, hello there\n".repeat(20),
            TokenKind.CHAR, 0.9, 1));

    static Statement.ModelDef model(String src) {
        ScriptParser p = new ScriptParser(StatementSpecs::expectedValue);
        List<Statement> st = new Checker(p, new UseResolver()).check(p.parse("m.seq", src), new Scope());
        return (Statement.ModelDef) st.get(st.size() - 1);
    }

    private static CompiledModel compile(String src, DataShape d) {
        return ModelCompiler.compile(model(src), d, CpuBackends.reference(), 1);
    }

    private static Diagnostic failure(String src, DataShape d) {
        return assertThrows(DiagnosticException.class, () -> compile(src, d)).diagnostics().get(0);
    }

    @Test
    void namesLayersLikePyTorchAndCountsParameters() {
        CompiledModel m = compile("model lm {\n embed 8\n repeat 2 { layer lstm(hidden=16) }\n dense 12 activation=relu\n output softmax\n}", TEXT);
        List<String> names = m.model().params().stream().map(Param::name).toList();
        assertTrue(names.contains("embed.weight"));
        assertTrue(names.contains("lstm1.weight_ih_l0"));
        assertTrue(names.contains("lstm2.bias_hh_l0"));
        assertTrue(names.contains("dense1.weight"));
        assertTrue(names.contains("output.bias"));
        long rows = m.rows().stream().mapToLong(CompiledModel.Row::params).sum();
        assertEquals(m.model().parameterCount(), rows);
        int v = TEXT.vocabulary().size();
        assertEquals(v, m.outputSize());
        String table = Summary.table(m);
        assertTrue(table.contains("lstm2"), table);
        assertTrue(table.contains("(T, B, " + v + ")"), table);
        assertTrue(table.contains(String.format("total parameters: %,d", m.model().parameterCount())), table);
    }

    @Test
    void tokenDataWithoutInputLayerGetsOneHot() {
        CompiledModel m = compile("model lm { layer gru(hidden=8); output softmax }", TEXT);
        assertTrue(m.rows().get(0).kind().startsWith("onehot"));
        assertEquals(TEXT.vocabulary().size(), m.model().inputLayer().outputWidth());
    }

    @Test
    void manyToOneDataGetsAnImplicitPool() {
        DataShape parity = DataShape.of(Generators.task("parity", java.util.Map.of("length", 4, "samples", 40), 1));
        CompiledModel m = compile("model c { layer lstm(hidden=8); output softmax }", parity);
        assertTrue(m.rows().stream().anyMatch(r -> r.name().equals("pool")));
        assertEquals("(B, 2)", m.rows().get(m.rows().size() - 1).outputShape());
    }

    @Test
    void errorsStandAtTheLayer() {
        Diagnostic d = failure("model lm {\n embed 8\n attention heads=3 causal\n output softmax\n}", TEXT);
        assertEquals(3, d.span().line());
        assertTrue(d.message().contains("heads=3 needs a width divisible by 3; the layer below gives 8"), d.message());

        d = failure("model lm {\n embed 8\n layer lstm(hidden=2000000)\n output softmax\n}", TEXT);
        assertEquals(3, d.span().line(), "the heap check stands at the layer that makes the model too big");
        assertTrue(d.message().contains("parameters"), d.message());

        d = failure("model lm {\n embed 8\n layer lstm(hidden=8)\n output softmax units=3\n}", TEXT);
        assertEquals(4, d.span().line());
        assertTrue(d.message().contains("needs " + TEXT.vocabulary().size()), d.message());

        d = failure("model lm {\n embed 8\n pool last\n output softmax\n}", TEXT);
        assertEquals(3, d.span().line());

        DataShape parity = DataShape.of(Generators.task("parity", java.util.Map.of("length", 4, "samples", 40), 1));
        d = failure("model c {\n embed 8\n layer lstm(hidden=8)\n output linear\n}", parity);
        assertEquals(4, d.span().line(), "output linear on classes stands at the output line");
        assertEquals("output linear predicts numbers (regression), but parity asks for a class (many-to-one classification)", d.message());
        assertEquals("use output softmax (or output sigmoid: two classes)", d.hint());
        d = failure("model lm {\n embed 8\n output linear\n}", TEXT);
        assertTrue(d.message().contains("asks for a token at each step (next-token LM)"), d.message());
        d = failure("model lm {\n embed 8\n output sigmoid\n}", TEXT);
        assertEquals(3, d.span().line());
        assertEquals("output sigmoid answers yes/no, but text asks for a token at each step (next-token LM)", d.message());

        d = failure("model lm {\n embed 8\n layer lstm(hidden=8)\n}", TEXT);
        assertTrue(d.message().contains("no output layer"), d.message());
    }
}
