package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.seqlab.nn.PyTorchParityTest.assertRel;
import static org.seqlab.nn.PyTorchParityTest.fixture;
import static org.seqlab.nn.PyTorchParityTest.swap01;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Encoder-decoder attention (additive and dot, over a right-padded encoder memory) and learned positions against
 * PyTorch 1.13 (fixtures from tools/pytorch/make_cross_fixtures.py, float64 compute): outputs, attention weights
 * and every gradient within 1e-4 relative error, as in {@link PyTorchParityTest}.
 */
class CrossAttentionParityTest {
    private final Backend be = CpuBackends.fast();
    private final Random rnd = new Random(1);

    private static int meta(Safetensors.Contents f, String key) { return Integer.parseInt(f.metadata().get(key)); }

    @ParameterizedTest
    @ValueSource(strings = {"additive", "dot"})
    void crossAttention(String kind) throws Exception {
        Safetensors.Contents f = fixture("cross_attention_" + kind);
        int b = meta(f, "batch"), t = meta(f, "steps"), s = meta(f, "memory_steps");
        int d = meta(f, "input_size"), e = meta(f, "encoder_size"), a = meta(f, "attention_size");
        CrossAttention layer = new CrossAttention(be, kind.equals("dot") ? CrossAttention.Kind.DOT : CrossAttention.Kind.ADDITIVE, d, e, a, rnd);
        assertEquals(f.metadata().get("param_names"), String.join(",", layer.params().stream().map(Param::name).toList()));
        for (Param p : layer.params()) p.value().copyFromHost(f.get("param." + p.name()).floats());
        float[] lf = f.get("lengths").floats();
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) lengths[i] = (int) lf[i];
        layer.memory(be.fromHost(swap01(f.get("memory").floats(), b, s, e), Shape.of(s, b, e)), lengths);
        Tensor y = layer.forward(be.fromHost(swap01(f.get("x").floats(), b, t, d), Shape.of(t, b, d)), true);
        assertRel(kind + " out", f.get("out").floats(), swap01(y.toHost(), t, b, d + e));
        Trace trace = new Trace();
        layer.record(trace, "l");
        assertRel(kind + " attention weights", f.get("attn_weights").floats(), trace.get("l.attention.weights").tensor().toHost());
        for (Param p : layer.params()) be.fill(p.grad(), 0);
        Tensor dx = layer.backward(be.fromHost(swap01(f.get("dout").floats(), b, t, d + e), y.shape()));
        assertRel(kind + " grad.x", f.get("grad.x").floats(), swap01(dx.toHost(), t, b, d));
        assertRel(kind + " grad.memory", f.get("grad.memory").floats(), swap01(layer.memoryGradient().toHost(), s, b, e));
        for (Param p : layer.params()) assertRel(kind + " grad." + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }

    @Test void learnedPositions() throws Exception {
        Safetensors.Contents f = fixture("positional_learned");
        int b = meta(f, "batch"), t = meta(f, "steps"), c = meta(f, "dim"), max = meta(f, "max_len");
        PositionalEncoding pe = new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, c, max, rnd);
        assertEquals(1, pe.params().size());
        Param w = pe.params().get(0);
        assertEquals("weight", w.name());
        w.value().copyFromHost(f.get("param.weight").floats());
        Tensor y = pe.forward(be.fromHost(swap01(f.get("x").floats(), b, t, c), Shape.of(t, b, c)), true);
        assertRel("out", f.get("out").floats(), swap01(y.toHost(), t, b, c));
        be.fill(w.grad(), 0);
        Tensor dx = pe.backward(be.fromHost(swap01(f.get("dout").floats(), b, t, c), y.shape()));
        assertRel("grad.x", f.get("grad.x").floats(), swap01(dx.toHost(), t, b, c));
        assertRel("grad.weight", f.get("grad.weight").floats(), w.grad().toHost());
    }
}
