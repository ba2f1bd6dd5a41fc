package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.seqlab.nn.PyTorchParityTest.assertRel;
import static org.seqlab.nn.PyTorchParityTest.fixture;
import static org.seqlab.nn.PyTorchParityTest.swap01;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Attention layers against PyTorch 1.13 (fixtures from tools/pytorch/make_fixtures.py, float64 compute): values,
 * attention weights and gradients within 1e-4 relative error, as in {@link PyTorchParityTest}.
 */
class AttentionParityTest {
    private final Backend be = CpuBackends.fast();
    private final Random rnd = new Random(1);

    private static int meta(Safetensors.Contents f, String key) { return Integer.parseInt(f.metadata().get(key)); }

    /** Loads params by name, runs forward and backward on the fixture's x and dout, checks everything. */
    private void check(String name, Layer layer, Safetensors.Contents f, String weightsTrace) {
        int b = meta(f, "batch"), t = meta(f, "steps"), c = meta(f, "embed_dim");
        for (Param p : layer.params()) p.value().copyFromHost(f.get("param." + p.name()).floats());
        Tensor x = be.fromHost(swap01(f.get("x").floats(), b, t, c), Shape.of(t, b, c));
        Tensor y = layer.forward(x, true);
        assertRel(name + " out", f.get("out").floats(), swap01(y.toHost(), t, b, c));
        Trace trace = new Trace();
        layer.record(trace, "l");
        assertRel(name + " attention weights", f.get("attn_weights").floats(), trace.get(weightsTrace).tensor().toHost());
        for (Param p : layer.params()) be.fill(p.grad(), 0);
        Tensor dx = layer.backward(be.fromHost(swap01(f.get("dout").floats(), b, t, c), y.shape()));
        assertRel(name + " grad.x", f.get("grad.x").floats(), swap01(dx.toHost(), t, b, c));
        for (Param p : layer.params()) assertRel(name + " grad." + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }

    @Test void multiHeadAttentionCausal() throws Exception {
        Safetensors.Contents f = fixture("attention_mha");
        assertEquals("true", f.metadata().get("causal"));
        int c = meta(f, "embed_dim");
        MultiHeadAttention mha = new MultiHeadAttention(be, c, c, meta(f, "num_heads"), true, 0f, MultiHeadAttention.Naming.PYTORCH, rnd);
        check("mha", mha, f, "l.attention.weights");
    }

    @Test void sinusoidalPositions() throws Exception {
        Safetensors.Contents f = fixture("positional_sinusoidal");
        int max = meta(f, "max_len"), c = meta(f, "dim");
        PositionalEncoding pe = new PositionalEncoding(be, PositionalEncoding.Kind.SINUSOIDAL, c, max, rnd);
        assertRel("pe table", f.get("pe").floats(), pe.table().toHost());
        float[] x = new float[max * 2 * c];
        for (int i = 0; i < x.length; i++) x[i] = i % 7 - 3;
        float[] y = pe.forward(be.fromHost(x, Shape.of(max, 2, c)), false).toHost(), want = f.get("pe").floats();
        for (int t = 0; t < max; t++) for (int b = 0; b < 2; b++) for (int j = 0; j < c; j++) {
            assertEquals(x[(t * 2 + b) * c + j] + want[t * c + j], y[(t * 2 + b) * c + j], 1e-5f);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> pe.forward(be.alloc(max + 1, 1, c), false));
        assertTrue(e.getMessage().contains("longer than positional max=" + max), e.getMessage());
    }

    @Test void preLayerNormTransformerBlock() throws Exception {
        Safetensors.Contents f = fixture("transformer_block");
        int c = meta(f, "embed_dim");
        TransformerBlock block = new TransformerBlock(be, c, meta(f, "num_heads"), meta(f, "ff_dim"), true, 0f, 1, rnd);
        assertEquals(f.metadata().get("param_names"), String.join(",", block.params().stream().map(Param::name).toList()));
        check("block", block, f, "l.attention.weights");
    }

    /** BERT's loss: SoftmaxOutput with the unchosen positions' targets set to the ignore index (identity projection). */
    @Test void maskedLanguageModelLoss() throws Exception {
        Safetensors.Contents f = fixture("masked_lm_loss");
        int v = meta(f, "vocab"), b = meta(f, "batch"), t = meta(f, "steps");
        SoftmaxOutput out = new SoftmaxOutput(be, v, v, SoftmaxOutput.DEFAULT_IGNORE, rnd);
        Init.identity(out.weight().value());
        be.fill(out.bias().value(), 0);
        float[] mask = f.get("mask").floats();
        int[] targets = f.get("targets").intValues();
        for (int i = 0; i < targets.length; i++) if (mask[i] == 0) targets[i] = SoftmaxOutput.DEFAULT_IGNORE;
        int[] timeMajor = new int[targets.length];
        for (int i = 0; i < b; i++) for (int s = 0; s < t; s++) timeMajor[s * b + i] = targets[i * t + s];
        out.forward(be.fromHost(swap01(f.get("logits").floats(), b, t, v), Shape.of(t, b, v)), true);
        double loss = out.loss(Targets.ids(timeMajor, 0), true);
        assertRel("masked-LM loss", f.get("loss").floats(), new float[] {(float) loss});
        assertRel("masked-LM grad.logits", f.get("grad.logits").floats(), swap01(out.backward(null).toHost(), t, b, v));
    }
}
