package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.seqlab.compile.DataShape;
import org.seqlab.data.Dataset;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.session.Workspace;

/**
 * Initial weights as the language's models get them, by mean, standard deviation and range: PyTorch's defaults
 * (nn.LSTM/GRU/RNN and nn.Linear uniform in +-1/sqrt(fan), nn.Embedding N(0, 1)), nanoGPT's N(0, 0.02) for a
 * transformer (residual projections 0.02/sqrt(2 * blocks), biases 0, LayerNorm 1 and 0), Glorot, the identity
 * of init=identity and the LSTM's forget_bias. Sizes are large enough that the sample statistics sit well within
 * the tolerances (a few standard errors).
 */
class InitTest {
    /** The model's parameters by name, compiled on the elman corpus with seed 7, before any training. */
    private static Map<String, float[]> compiled(String model) {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + model);
        String name = model.replaceAll("(?s)^model (\\w+).*", "$1");
        Workspace ws = h.interp.workspace();
        Dataset data = EngineData.declared(ws.scope().data().get("elman"), ws, 3);
        Model m = h.engine.compile(name, DataShape.of(data), ws).compiled.model();
        Map<String, float[]> out = new TreeMap<>();
        for (Param p : m.params()) out.put(p.name(), p.value().toHost());
        return out;
    }

    private static float[] get(Map<String, float[]> params, String name) {
        float[] v = params.get(name);
        assertTrue(v != null, "no " + name + " in " + params.keySet());
        return v;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(float[] v) {
        double a = 0;
        for (float x : v) a = Math.max(a, Math.abs(x));
        return a;
    }

    /** Uniform in +-bound: mean 0, std bound/sqrt(3), nothing outside, and the edges reached. */
    private static void assertUniform(float[] v, double bound, String what) {
        double std = bound / Math.sqrt(3);
        assertEquals(0, mean(v), 4 * std / Math.sqrt(v.length), what + " mean");
        assertEquals(std, std(v), 0.05 * std, what + " std");
        assertTrue(maxAbs(v) <= bound + 1e-7 && maxAbs(v) > 0.95 * bound, what + " range " + maxAbs(v) + " vs " + bound);
    }

    private static void assertNormal(float[] v, double std, String what) {
        assertEquals(0, mean(v), 4 * std / Math.sqrt(v.length), what + " mean");
        assertEquals(std, std(v), 0.05 * std, what + " std");
        assertTrue(maxAbs(v) > 2.5 * std, what + ": a normal's tails, not a uniform's");
    }

    private static void assertAll(float[] v, float value, String what) {
        for (float x : v) assertEquals(value, x, what);
    }

    @Test void recurrentLayersTakePytorchsUniformAndTheForgetBias() {
        Map<String, float[]> p = compiled("model m { embed 32; layer lstm(hidden=64); layer gru(hidden=64, layers=1); output softmax }\n");
        assertNormal(get(p, "embed.weight"), 1.0, "embedding: nn.Embedding's N(0, 1)");
        double bound = 1 / Math.sqrt(64);
        for (String w : new String[] {"lstm1.weight_ih_l0", "lstm1.weight_hh_l0", "lstm1.bias_hh_l0", "gru1.weight_ih_l0",
                "gru1.weight_hh_l0", "gru1.bias_ih_l0", "gru1.bias_hh_l0"}) {
            assertUniform(get(p, w), bound, w);
        }
        // forget_bias=1.0 (the default) adds 1 to the forget block (the second quarter: i, f, g, o) of bias_ih only.
        float[] b = get(p, "lstm1.bias_ih_l0");
        assertEquals(256, b.length);
        float[] forget = java.util.Arrays.copyOfRange(b, 64, 128), others = new float[192];
        System.arraycopy(b, 0, others, 0, 64);
        System.arraycopy(b, 128, others, 64, 128);
        assertEquals(1.0, mean(forget), 4 * bound / Math.sqrt(3 * 64), "forget block mean");
        for (float x : forget) assertTrue(x >= 1 - bound - 1e-6 && x <= 1 + bound + 1e-6, "forget bias " + x);
        assertUniform(others, bound, "the other gates' bias_ih");
        // the output layer is nn.Linear: uniform +-1/sqrt(in) for weight and bias
        assertUniform(get(p, "output.weight"), bound, "output.weight");
        float[] ob = get(p, "output.bias");
        assertTrue(maxAbs(ob) <= bound + 1e-7 && maxAbs(ob) > 0, "output.bias in +-1/sqrt(64)");
    }

    @Test void forgetBiasIsTheWrittenValue() {
        float[] b = get(compiled("model m { embed 16; layer lstm(hidden=64, forget_bias=3.0); output softmax }\n"), "lstm1.bias_ih_l0");
        assertEquals(3.0, mean(java.util.Arrays.copyOfRange(b, 64, 128)), 0.02);
        float[] zero = get(compiled("model m { embed 16; layer lstm(hidden=64, forget_bias=0); output softmax }\n"), "lstm1.bias_ih_l0");
        assertUniform(zero, 1 / Math.sqrt(64), "forget_bias=0: all of bias_ih is PyTorch's uniform");
    }

    @Test void srnIdentityAndGlorot() {
        Map<String, float[]> id = compiled("model m { embed 32; layer srn(hidden=48, activation=relu, init=identity); output softmax }\n");
        float[] hh = get(id, "rnn1.weight_hh_l0");
        for (int r = 0; r < 48; r++) for (int c = 0; c < 48; c++) assertEquals(r == c ? 1f : 0f, hh[r * 48 + c], "W_hh[" + r + "][" + c + "]");
        assertAll(get(id, "rnn1.bias_ih_l0"), 0f, "identity init: bias_ih");
        assertAll(get(id, "rnn1.bias_hh_l0"), 0f, "identity init: bias_hh");
        assertUniform(get(id, "rnn1.weight_ih_l0"), 1 / Math.sqrt(48), "identity init: W_ih keeps nn.RNN's uniform");
        Map<String, float[]> x = compiled("model m { embed 32; layer srn(hidden=48); output softmax }\n");
        assertUniform(get(x, "rnn1.weight_ih_l0"), Math.sqrt(6.0 / (32 + 48)), "Glorot W_ih (48 x 32)");
        assertUniform(get(x, "rnn1.weight_hh_l0"), Math.sqrt(6.0 / (48 + 48)), "Glorot W_hh (48 x 48)");
    }

    @Test void transformerIsNanoGpts() {
        Map<String, float[]> p = compiled("""
                model g {
                  embed 64
                  positional learned max=64
                  repeat 2 { transformer heads=4 causal }
                  layernorm
                  output softmax
                }
                """);
        assertNormal(get(p, "embed.weight"), 0.02, "token embedding under transformer blocks");
        assertNormal(get(p, "positional1.weight"), 0.02, "learned positions");
        double resid = 0.02 / Math.sqrt(2 * 2);  // two blocks
        for (String b : new String[] {"transformer1", "transformer2"}) {
            assertNormal(get(p, b + ".attn.c_attn.weight"), 0.02, b + " c_attn");
            assertNormal(get(p, b + ".mlp.c_fc.weight"), 0.02, b + " c_fc");
            assertNormal(get(p, b + ".attn.c_proj.weight"), resid, b + " attn.c_proj: residual scaling");
            assertNormal(get(p, b + ".mlp.c_proj.weight"), resid, b + " mlp.c_proj: residual scaling");
            for (String bias : new String[] {".attn.c_attn.bias", ".attn.c_proj.bias", ".mlp.c_fc.bias", ".mlp.c_proj.bias", ".ln_1.bias", ".ln_2.bias"}) {
                assertAll(get(p, b + bias), 0f, b + bias);
            }
            assertAll(get(p, b + ".ln_1.weight"), 1f, b + ".ln_1.weight");
            assertAll(get(p, b + ".ln_2.weight"), 1f, b + ".ln_2.weight");
        }
        assertAll(get(p, "layernorm1.weight"), 1f, "final LayerNorm gain");
        assertAll(get(p, "layernorm1.bias"), 0f, "final LayerNorm offset");
    }
}
