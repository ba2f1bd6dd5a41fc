package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
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
 * Values and gradients against PyTorch 1.13 (fixtures written by tools/pytorch/make_fixtures.py, computed in
 * float64 from float32 inputs). Every tensor must match within 1e-4 relative error: max|got - want| / max|want|.
 * Runs on the tuned CPU backend (the reference backend is tied to it by the conformance suite).
 */
class PyTorchParityTest {
    private static final double TOL = 1e-4;
    private final Backend be = CpuBackends.fast();
    private final Random rnd = new Random(1);

    static Safetensors.Contents fixture(String name) throws Exception {
        try (InputStream in = PyTorchParityTest.class.getResourceAsStream("/fixtures/" + name + ".safetensors")) {
            assertNotNull(in, "fixture " + name + " is missing");
            return Safetensors.parse(in.readAllBytes(), name);
        }
    }

    static void assertRel(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what + ": size");
        double scale = 1e-12, err = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            err = Math.max(err, Math.abs(want[i] - got[i]));
        }
        assertTrue(err / scale <= TOL, what + ": relative error " + err / scale);
    }

    /** (B, T, F) batch-first to (T, B, F) time-major, or back (the same swap). */
    static float[] swap01(float[] v, int d0, int d1, int f) {
        float[] out = new float[v.length];
        for (int a = 0; a < d0; a++) for (int b = 0; b < d1; b++) System.arraycopy(v, (a * d1 + b) * f, out, (b * d0 + a) * f, f);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn_tanh_1l", "rnn_relu_2l", "rnn_tanh_bi", "lstm_1l", "lstm_2l", "lstm_bi", "lstm_2l_bi",
            "gru_1l", "gru_2l", "gru_bi"})
    void recurrent(String name) throws Exception {
        Safetensors.Contents f = fixture(name);
        Map<String, String> md = f.metadata();
        int in = Integer.parseInt(md.get("input_size")), hid = Integer.parseInt(md.get("hidden_size"));
        int layers = Integer.parseInt(md.get("num_layers")), b = Integer.parseInt(md.get("batch"));
        int steps = Integer.parseInt(md.get("steps"));
        boolean bi = Boolean.parseBoolean(md.get("bidirectional"));
        Recurrent layer = switch (md.get("kind")) {
            case "lstm" -> new Lstm(be, in, hid, layers, bi, 0f, 0f, rnd);
            case "gru" -> new Gru(be, in, hid, layers, bi, 0f, rnd);
            case "rnn_relu" -> new Srn(be, in, hid, layers, bi, 0f, Activation.RELU, Srn.InitKind.DEFAULT, rnd);
            default -> new Srn(be, in, hid, layers, bi, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd);
        };
        for (Param p : layer.params()) p.value().copyFromHost(f.get("param." + p.name()).floats());
        int out = layer.outputWidth();
        Tensor x = be.fromHost(swap01(f.get("x").floats(), b, steps, in), Shape.of(steps, b, in));
        layer.prepareState(b);
        layer.initialHidden().copyFromHost(f.get("h0").floats());
        boolean lstm = layer instanceof Lstm;
        if (lstm) layer.initialCell().copyFromHost(f.get("c0").floats());
        Tensor y = layer.forward(x, true);
        assertRel(name + " out", f.get("out").floats(), swap01(y.toHost(), steps, b, out));
        assertRel(name + " hn", f.get("hn").floats(), layer.finalHidden().toHost());
        if (lstm) assertRel(name + " cn", f.get("cn").floats(), layer.finalCell().toHost());
        layer.finalHiddenGrad().copyFromHost(f.get("dhn").floats());
        if (lstm) layer.finalCellGrad().copyFromHost(f.get("dcn").floats());
        for (Param p : layer.params()) be.fill(p.grad(), 0);
        Tensor dy = be.fromHost(swap01(f.get("dout").floats(), b, steps, out), y.shape());
        Tensor dx = layer.backward(dy);
        assertRel(name + " grad.x", f.get("grad.x").floats(), swap01(dx.toHost(), steps, b, in));
        assertRel(name + " grad.h0", f.get("grad.h0").floats(), layer.initialHiddenGrad().toHost());
        if (lstm) assertRel(name + " grad.c0", f.get("grad.c0").floats(), layer.initialCellGrad().toHost());
        for (Param p : layer.params()) assertRel(name + " grad." + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }

    @Test void embeddingLinearCrossEntropy() throws Exception {
        Safetensors.Contents f = fixture("embed_linear_ce");
        Map<String, String> md = f.metadata();
        int vocab = Integer.parseInt(md.get("vocab")), dim = Integer.parseInt(md.get("embed"));
        int b = Integer.parseInt(md.get("batch")), steps = Integer.parseInt(md.get("steps"));
        int ignore = Integer.parseInt(md.get("ignore_index"));
        Model m = new Model(be).input("embedding", new Embedding(be, vocab, dim, false, rnd))
                .output("linear", new SoftmaxOutput(be, dim, vocab, ignore, rnd));
        m.load(f.tensors(), "param.");
        int[] tokens = timeMajor(f.get("tokens").intValues(), b, steps);
        int[] targets = timeMajor(f.get("targets").intValues(), b, steps);
        Tensor logits = m.forward(tokens, 0, steps, b, true);
        assertRel("logits", f.get("logits").floats(), swap01(logits.toHost(), steps, b, vocab));
        m.zeroGrad();
        double loss = m.loss(Targets.ids(targets, 0), true);
        assertRel("loss", f.get("loss").floats(), new float[] {(float) loss});
        m.backward();
        for (Param p : m.params()) assertRel("grad " + p.name(), f.get("grad." + p.name()).floats(), p.grad().toHost());
    }

    private static int[] timeMajor(int[] batchFirst, int b, int steps) {
        int[] out = new int[batchFirst.length];
        for (int i = 0; i < b; i++) for (int t = 0; t < steps; t++) out[t * b + i] = batchFirst[i * steps + t];
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu", "sigmoid", "gelu"})
    void dense(String act) throws Exception {
        Safetensors.Contents f = fixture("dense_" + act);
        Shape xs = f.get("x").shape();
        Shape ws = f.get("param.weight").shape();
        Dense d = new Dense(be, ws.dim(1), ws.dim(0), Activation.parse(act), false, rnd);
        d.weight().value().copyFromHost(f.get("param.weight").floats());
        d.bias().value().copyFromHost(f.get("param.bias").floats());
        Tensor x = be.fromHost(f.get("x").floats(), xs);
        assertRel(act + " out", f.get("out").floats(), d.forward(x, true).toHost());
        Tensor dx = d.backward(be.fromHost(f.get("dout").floats(), f.get("dout").shape()));
        assertRel(act + " grad.x", f.get("grad.x").floats(), dx.toHost());
        assertRel(act + " grad.weight", f.get("grad.weight").floats(), d.weight().grad().toHost());
        assertRel(act + " grad.bias", f.get("grad.bias").floats(), d.bias().grad().toHost());
    }

    @Test void layerNorm() throws Exception {
        Safetensors.Contents f = fixture("layernorm");
        Shape xs = f.get("x").shape();
        LayerNorm ln = new LayerNorm(be, xs.cols(), 1e-5f);
        ln.params().get(0).value().copyFromHost(f.get("param.weight").floats());
        ln.params().get(1).value().copyFromHost(f.get("param.bias").floats());
        assertRel("out", f.get("out").floats(), ln.forward(be.fromHost(f.get("x").floats(), xs), true).toHost());
        Tensor dx = ln.backward(be.fromHost(f.get("dout").floats(), xs));
        assertRel("grad.x", f.get("grad.x").floats(), dx.toHost());
        assertRel("grad.weight", f.get("grad.weight").floats(), ln.params().get(0).grad().toHost());
        assertRel("grad.bias", f.get("grad.bias").floats(), ln.params().get(1).grad().toHost());
    }

    @Test void mseAndBce() throws Exception {
        for (String name : List.of("mse", "bce")) {
            Safetensors.Contents f = fixture(name);
            Shape s = f.get("pred").shape();
            Tensor pred = be.fromHost(f.get("pred").floats(), s), target = be.fromHost(f.get("target").floats(), s);
            Tensor grad = be.alloc(s), probs = be.alloc(s);
            int n = s.size();
            double loss = name.equals("mse") ? be.mse(pred, target, 1f / n, grad) / n
                    : be.bceWithLogits(pred, target, 1f / n, probs, grad) / n;
            assertRel(name + " loss", f.get("loss").floats(), new float[] {(float) loss});
            assertRel(name + " grad", f.get("grad.pred").floats(), grad.toHost());
        }
    }
}
