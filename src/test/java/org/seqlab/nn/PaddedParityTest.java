package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.seqlab.nn.PyTorchParityTest.assertRel;
import static org.seqlab.nn.PyTorchParityTest.fixture;
import static org.seqlab.nn.PyTorchParityTest.swap01;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Padded batches against PyTorch 1.13 (fixtures from tools/pytorch/make_padded_fixtures.py): bidirectional
 * recurrent layers against pack_padded_sequence / pad_packed_sequence, whole classifiers (pool last, pool mean)
 * over them, attention against a key_padding_mask. Values and gradients within 1e-4 relative error, as in
 * {@link PyTorchParityTest}. PyTorch's output is 0 at padded steps, seqlab's repeats the held state there, so
 * outputs are compared at the real steps (the fixtures' upstream gradient is 0 at padded steps).
 */
class PaddedParityTest {
    private final Backend be = CpuBackends.fast();
    private final Random rnd = new Random(1);

    private static int meta(Safetensors.Contents f, String key) { return Integer.parseInt(f.metadata().get(key)); }

    private static Recurrent recurrent(Backend be, String kind, int in, int hid, int layers, Random rnd) {
        return switch (kind) {
            case "lstm" -> new Lstm(be, in, hid, layers, true, 0f, 0f, rnd);
            case "gru" -> new Gru(be, in, hid, layers, true, 0f, rnd);
            default -> new Srn(be, in, hid, layers, true, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd);
        };
    }

    /** (T, B, W) time-major values with the padded steps zeroed, as batch-first (B, T, W). */
    private static float[] realSteps(float[] timeMajor, int[] lengths, int steps, int batch, int width) {
        float[] v = swap01(timeMajor, steps, batch, width);
        for (int b = 0; b < batch; b++) for (int t = lengths[b]; t < steps; t++) java.util.Arrays.fill(v, (b * steps + t) * width, (b * steps + t + 1) * width, 0f);
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"packed_lstm_bi", "packed_lstm_2l_bi", "packed_gru_bi", "packed_gru_2l_bi", "packed_rnn_tanh_bi"})
    void bidirectionalLayerOverPackedSequences(String name) throws Exception {
        Safetensors.Contents f = fixture(name);
        int in = meta(f, "input_size"), hid = meta(f, "hidden_size"), layers = meta(f, "num_layers");
        int b = meta(f, "batch"), steps = meta(f, "steps");
        int[] lengths = f.get("lengths").intValues();
        Recurrent layer = recurrent(be, f.metadata().get("kind"), in, hid, layers, rnd);
        for (Param p : layer.params()) p.value().copyFromHost(f.get("param." + p.name()).floats());
        int out = layer.outputWidth();
        Tensor x = be.fromHost(swap01(f.get("x").floats(), b, steps, in), Shape.of(steps, b, in));
        layer.prepareState(b);
        layer.initialHidden().copyFromHost(f.get("h0").floats());
        boolean lstm = layer instanceof Lstm;
        if (lstm) layer.initialCell().copyFromHost(f.get("c0").floats());
        layer.lengths(lengths);
        Tensor y = layer.forward(x, true);
        assertRel(name + " out", f.get("out").floats(), realSteps(y.toHost(), lengths, steps, b, out));
        assertRel(name + " hn", f.get("hn").floats(), layer.finalHidden().toHost());
        if (lstm) assertRel(name + " cn", f.get("cn").floats(), layer.finalCell().toHost());
        layer.finalHiddenGrad().copyFromHost(f.get("dhn").floats());
        if (lstm) layer.finalCellGrad().copyFromHost(f.get("dcn").floats());
        for (Param p : layer.params()) be.fill(p.grad(), 0);
        Tensor dx = layer.backward(be.fromHost(swap01(f.get("dout").floats(), b, steps, out), y.shape()));
        assertRel(name + " grad.x", f.get("grad.x").floats(), swap01(dx.toHost(), steps, b, in));
        assertRel(name + " grad.h0", f.get("grad.h0").floats(), layer.initialHiddenGrad().toHost());
        if (lstm) assertRel(name + " grad.c0", f.get("grad.c0").floats(), layer.initialCellGrad().toHost());
        for (Param p : layer.params()) assertRel(name + " grad." + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"packed_lstm_bi_pool_last", "packed_gru_bi_pool_mean"})
    void classifierOnAPaddedBatch(String name) throws Exception {
        Safetensors.Contents f = fixture(name);
        int vocab = meta(f, "vocab"), embed = meta(f, "embed"), hid = meta(f, "hidden_size"), classes = meta(f, "classes");
        int b = meta(f, "batch"), steps = meta(f, "steps");
        Pool.Mode mode = f.metadata().get("pool").equals("mean") ? Pool.Mode.MEAN : Pool.Mode.LAST;
        Model m = new Model(be).input("embedding", new Embedding(be, vocab, embed, false, rnd))
                .add("rnn", recurrent(be, f.metadata().get("kind"), embed, hid, 1, rnd))
                .add("pool", new Pool(be, 2 * hid, mode))
                .output("linear", new SoftmaxOutput(be, 2 * hid, classes, -1, rnd));
        m.load(f.tensors(), "param.");
        int[] tokens = f.get("tokens").intValues(), time = new int[tokens.length];
        for (int i = 0; i < b; i++) for (int t = 0; t < steps; t++) time[t * b + i] = tokens[i * steps + t];
        m.resetState();
        Tensor logits = m.forward(time, 0, steps, b, f.get("lengths").intValues(), true);
        assertRel(name + " logits", f.get("logits").floats(), logits.toHost());
        m.zeroGrad();
        double loss = m.loss(Targets.ids(f.get("targets").intValues(), 0), true);
        assertRel(name + " loss", f.get("loss").floats(), new float[] {(float) loss});
        m.backward();
        for (Param p : m.params()) assertRel(name + " grad." + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }

    @Test void attentionWithAKeyPaddingMask() throws Exception {
        Safetensors.Contents f = fixture("attention_mha_padded");
        int b = meta(f, "batch"), t = meta(f, "steps"), c = meta(f, "embed_dim");
        MultiHeadAttention mha = new MultiHeadAttention(be, c, c, meta(f, "num_heads"), false, 0f, MultiHeadAttention.Naming.PYTORCH, rnd);
        for (Param p : mha.params()) p.value().copyFromHost(f.get("param." + p.name()).floats());
        mha.lengths(f.get("lengths").intValues());
        Tensor x = be.fromHost(swap01(f.get("x").floats(), b, t, c), Shape.of(t, b, c));
        Tensor y = mha.forward(x, true);
        assertRel("mha padded out", f.get("out").floats(), swap01(y.toHost(), t, b, c));
        Trace trace = new Trace();
        mha.record(trace, "l");
        assertRel("mha padded attention weights", f.get("attn_weights").floats(), trace.get("l.attention.weights").tensor().toHost());
        for (Param p : mha.params()) be.fill(p.grad(), 0);
        Tensor dx = mha.backward(be.fromHost(swap01(f.get("dout").floats(), b, t, c), y.shape()));
        assertRel("mha padded grad.x", f.get("grad.x").floats(), swap01(dx.toHost(), t, b, c));
        for (Param p : mha.params()) assertRel("mha padded grad." + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }
}
