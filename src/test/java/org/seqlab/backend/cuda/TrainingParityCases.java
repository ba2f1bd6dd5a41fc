package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Gru;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.MultiHeadAttention;
import org.seqlab.nn.Pool;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Safetensors;
import org.seqlab.train.TbpttStep;
import org.seqlab.train.optim.Adam;

/**
 * Whole training steps agree between the CPU reference and a GPU backend (same seed, same batches), and
 * weights saved from a GPU model load into a CPU model and give the same loss (and the reverse).
 * Subclasses name the GPU backend: the real one, or the CPU emulation of its kernels.
 */
abstract class TrainingParityCases {
    private static final int VOCAB = 23, EMBED = 12, HIDDEN = 17, LAYERS = 2, SEQ = 9, BATCH = 5;

    protected abstract Backend gpu();

    private static TbpttStep model(Backend be, String kind) {
        Random rnd = new Random(42);
        Recurrent rec = kind.equals("lstm") ? new Lstm(be, EMBED, HIDDEN, LAYERS, false, 0f, 0f, rnd)
                : new Gru(be, EMBED, HIDDEN, LAYERS, false, 0f, rnd);
        Model m = new Model(be).input("embed", new Embedding(be, VOCAB, EMBED, false, rnd)).add("rnn", rec)
                .output("out", new SoftmaxOutput(be, HIDDEN, VOCAB, SoftmaxOutput.DEFAULT_IGNORE, rnd));
        return new TbpttStep(m, new Adam(be, m.params(), 1e-2f), TbpttStep.Clip.NORM, 5f);
    }

    private static int[][] batches(int n) {
        Random rnd = new Random(5);
        int[][] b = new int[n][SEQ * BATCH];
        for (int[] x : b) for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(VOCAB);
        return b;
    }

    private void trainsAlike(String kind) {
        TbpttStep cpu = model(CpuBackends.reference(), kind), cuda = model(gpu(), kind);
        int[][] data = batches(4);
        for (int s = 0; s + 1 < data.length; s++) {
            double a = cpu.step(data[s], data[s + 1], 0, SEQ, BATCH), b = cuda.step(data[s], data[s + 1], 0, SEQ, BATCH);
            assertEquals(a, b, 1e-4 * Math.abs(a), kind + " loss at step " + s);
        }
        Map<String, Safetensors.Entry> wc = cpu.model().stateDict(), wg = cuda.model().stateDict();
        for (String name : wc.keySet()) {
            float[] x = wc.get(name).floats(), y = wg.get(name).floats();
            for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-4 * Math.max(1, Math.abs(x[i])), kind + " " + name + "[" + i + "]");
        }
    }

    @Test void lstmTrainsAlike() { trainsAlike("lstm"); }

    @Test void gruTrainsAlike() { trainsAlike("gru"); }

    /** A classifier on a right-padded batch (held recurrent states, masked attention and pools): same loss and gradients. */
    @Test void paddedBatchesAgree() {
        int[] lengths = {9, 3, 6, 1, 7};
        int[] ids = new int[SEQ * BATCH], labels = {2, 0, 1, 1, 0};
        Random rnd = new Random(6);
        for (int i = 0; i < ids.length; i++) ids[i] = rnd.nextInt(VOCAB);
        for (Pool.Mode mode : Pool.Mode.values()) {
            Model cpu = classifier(CpuBackends.reference(), mode), cuda = classifier(gpu(), mode);
            double[] loss = new double[2];
            Model[] both = {cpu, cuda};
            for (int k = 0; k < 2; k++) {
                both[k].zeroGrad();
                both[k].forward(ids, 0, SEQ, BATCH, lengths, false);
                loss[k] = both[k].loss(Targets.ids(labels, 0), true);
                both[k].backward();
            }
            assertEquals(loss[0], loss[1], 1e-4 * Math.abs(loss[0]), "pool " + mode + " loss");
            for (int p = 0; p < cpu.params().size(); p++) {
                float[] x = cpu.params().get(p).grad().toHost(), y = cuda.params().get(p).grad().toHost();
                double scale = 1e-6;
                for (float v : x) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < x.length; i++) {
                    assertEquals(x[i], y[i], 1e-4 * scale, "pool " + mode + " grad " + cpu.params().get(p).name() + "[" + i + "]");
                }
            }
        }
    }

    private static Model classifier(Backend be, Pool.Mode mode) {
        Random rnd = new Random(7);
        return new Model(be).input("embed", new Embedding(be, VOCAB, EMBED, false, rnd))
                .add("lstm", new Lstm(be, EMBED, 6, 1, true, 0f, 0f, rnd))
                .add("gru", new Gru(be, 12, 5, 2, true, 0f, rnd))
                .add("attention", new MultiHeadAttention(be, 10, 10, 2, false, 0f, MultiHeadAttention.Naming.PYTORCH, rnd))
                .add("pool", new Pool(be, 10, mode))
                .output("out", new SoftmaxOutput(be, 10, 3, -1, rnd));
    }

    @Test void checkpointsMoveBetweenBackends() throws Exception {
        TbpttStep g = model(gpu(), "lstm");
        int[][] data = batches(3);
        g.step(data[0], data[1], 0, SEQ, BATCH);
        byte[] saved = Safetensors.encode(g.model().stateDict(), Map.of());
        TbpttStep c = model(CpuBackends.reference(), "lstm");
        c.model().load(Safetensors.parse(saved, "gpu checkpoint").tensors(), "");
        g.model().resetState();
        double lg = g.evaluate(data[1], data[2], 0, SEQ, BATCH), lc = c.evaluate(data[1], data[2], 0, SEQ, BATCH);
        assertEquals(lc, lg, 1e-4 * Math.abs(lc), "same loss from the same weights");
        TbpttStep back = model(gpu(), "lstm");
        back.model().load(Safetensors.parse(Safetensors.encode(c.model().stateDict(), Map.of()), "cpu checkpoint").tensors(), "");
        assertEquals(lc, back.evaluate(data[1], data[2], 0, SEQ, BATCH), 1e-4 * Math.abs(lc), "and back to the GPU");
    }
}
