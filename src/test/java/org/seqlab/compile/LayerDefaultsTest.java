package org.seqlab.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.CpuBackends;
import org.seqlab.data.Corpus;
import org.seqlab.data.TokenKind;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.ParamSpec;
import org.seqlab.lang.check.Spec;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Param;

/**
 * Every layer default in LayerSpecs is the value the compiler builds with: a layer with its defaults written
 * out compiles to the same layer config (and the same initial weights) as one that leaves them out, another
 * value changes it, and the compiler has no fallback of its own.
 */
class LayerDefaultsTest {

    /** What each kind must be given (its required parameters), so it checks. */
    private static final Map<String, String> REQUIRED = Map.of("srn", "hidden=4", "rnn", "hidden=4", "lstm", "hidden=4",
            "gru", "hidden=4", "dense", "units=4", "dropout", "p=0.1", "pool", "mode=last", "transformer", "heads=2");

    private static final DataShape TEXT = DataShape.of(Corpus.fromText("text", "hello world, hello there\n".repeat(20),
            TokenKind.CHAR, 0.9, 1));

    @Test
    void everyLayerDefaultIsWhatTheCompilerBuilds() {
        int checked = 0;
        for (Spec spec : LayerSpecs.all().values()) {
            String kind = spec.name();
            if (List.of("embed", "onehot", "output").contains(kind)) continue;    // the input and output: below
            LayerSpec implicit = spec(kind, "");
            for (ParamSpec p : spec.params()) {
                // attention's kind= scores encoder-decoder attention (over=encoder), which a decoder's compiler reads
                if (p.kind() != ParamSpec.Default.VALUE || (kind.equals("attention") && p.name().equals("kind"))) continue;
                assertEquals(implicit, spec(kind, p.name() + "=" + p.defaultText()), kind + " " + p.name());
                String other = other(p);
                assertNotEquals(implicit, spec(kind, p.name() + "=" + other), "the compiler must read " + kind + " " + p.name());
                ModelItem.LayerDecl l = layer(kind, "");
                Args without = new Args(l.args().args(), l.args().flags(),
                        l.args().defaults().stream().filter(a -> !a.name().equals(p.name())).toList());
                ModelItem.LayerDecl bare = new ModelItem.LayerDecl(l.kind(), l.kindSpan(), without, l.span());
                assertThrows(IllegalStateException.class, () -> ModelCompiler.spec(bare, kind, 1),
                        "the compiler fell back to a value of its own for " + kind + " " + p.name());
                checked++;
            }
        }
        assertEquals(20, checked);
    }

    @Test
    void theOutputDefaultIsSoftmaxAndAnLstmStartsItsForgetGateAtOne() {
        CompiledModel implicit = compile("embed 4; layer lstm(hidden=4); output");
        CompiledModel explicit = compile("embed 4; layer lstm(hidden=4, forget_bias=1.0, layers=1, dropout=0); output softmax");
        assertEquals(LayerSpec.OutputKind.SOFTMAX, implicit.outputKind());
        assertEquals(explicit.outputKind(), implicit.outputKind());
        List<Param> a = implicit.model().params(), b = explicit.model().params();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            assertTrue(java.util.Arrays.equals(a.get(i).value().toHost(), b.get(i).value().toHost()), a.get(i).name());
        }
        // PyTorch's gate order i, f, g, o: the default forget_bias, 1, is added to the forget block of bias_ih.
        float[] bias = biasIh(implicit), none = biasIh(compile("embed 4; layer lstm(hidden=4, forget_bias=0); output"));
        for (int j = 0; j < 16; j++) assertEquals(j >= 4 && j < 8 ? 1f : 0f, bias[j] - none[j], 1e-6f, "bias_ih[" + j + "]");
    }

    private static float[] biasIh(CompiledModel m) {
        return m.model().params().stream().filter(p -> p.name().equals("lstm1.bias_ih_l0")).findFirst().orElseThrow().value().toHost();
    }

    private static CompiledModel compile(String body) {
        return ModelCompiler.compile(ModelCompilerTest.model("model m { " + body + " }"), TEXT, CpuBackends.reference(), 3);
    }

    private static ModelItem.LayerDecl layer(String kind, String extra) {
        String args = String.join(" ", REQUIRED.getOrDefault(kind, ""), extra).trim();
        return (ModelItem.LayerDecl) ModelCompilerTest.model("model m { " + kind + " " + args + "; output softmax }").body().get(0);
    }

    private static LayerSpec spec(String kind, String extra) {
        return ModelCompiler.spec(layer(kind, extra), kind, 1);
    }

    private static String other(ParamSpec p) {
        for (String c : p.type().choices()) {
            if (!c.equals(p.defaultText())) return c;
        }
        double d = Double.parseDouble(p.defaultText());
        for (double c : new double[] {d + 1, d * 2, d / 2, 0.5, 0.25}) {
            String text = c == Math.rint(c) ? Long.toString((long) c) : String.format(Locale.ROOT, "%s", c);
            if (c != d && p.type().problem(new Value.Num(c, text, null)) == null) return text;
        }
        throw new IllegalStateException("no other value for " + p.name());
    }
}
