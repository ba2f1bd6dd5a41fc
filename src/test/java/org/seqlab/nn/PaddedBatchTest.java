package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;

/**
 * An output never depends on its batch: a right-padded batch of sequences of different lengths gives each
 * sequence the outputs and the gradients it gets alone, whatever the padding ids and however far the batch is
 * padded. Many-to-one models (pool last and mean over bidirectional recurrent layers, attention, transformer
 * blocks) and a per-step one (a bidirectional LSTM labelling each step, pads without targets).
 */
class PaddedBatchTest {
    private static final int VOCAB = 9, CLASSES = 3, WIDTH = 6;
    private static final int[] LENGTHS = {5, 1, 3, 7, 2, 7, 4};
    private final Backend be = CpuBackends.reference();

    private record Built(Model model, boolean perStep) {}

    /** A model: embedding, the body, an output of CLASSES (per sequence when the body pools). */
    private static Built build(Backend be, long seed, Function<Random, List<Layer>> body, boolean perStep) {
        Random rnd = new Random(seed);
        Model m = new Model(be).input("embed", new Embedding(be, VOCAB, WIDTH, false, rnd));
        int width = WIDTH;
        int i = 0;
        for (Layer l : body.apply(rnd)) {
            m.add("l" + i++, l);
            width = l.outputWidth();
        }
        m.output("out", new SoftmaxOutput(be, width, CLASSES, -1, rnd));
        return new Built(m, perStep);
    }

    private Function<Random, List<Layer>> lstmBiLast() {
        return r -> List.of(new Lstm(be, WIDTH, 5, 1, true, 0f, 1f, r), new Pool(be, 10, Pool.Mode.LAST));
    }

    private Function<Random, List<Layer>> gruBi2Mean() {
        return r -> List.of(new Gru(be, WIDTH, 4, 2, true, 0f, r), new Pool(be, 8, Pool.Mode.MEAN));
    }

    private Function<Random, List<Layer>> srnBiLast() {
        return r -> List.of(new Srn(be, WIDTH, 4, 1, true, 0f, Activation.TANH, Srn.InitKind.XAVIER, r), new Pool(be, 8, Pool.Mode.LAST));
    }

    private Function<Random, List<Layer>> lstmMean() {
        return r -> List.of(new Lstm(be, WIDTH, 5, 2, false, 0f, 1f, r), new Pool(be, 5, Pool.Mode.MEAN));
    }

    private Function<Random, List<Layer>> attentionMean() {
        return r -> List.of(new MultiHeadAttention(be, WIDTH, WIDTH, 2, false, 0f, MultiHeadAttention.Naming.PYTORCH, r),
                new Pool(be, WIDTH, Pool.Mode.MEAN));
    }

    private Function<Random, List<Layer>> transformerLast() {
        return r -> List.of(new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, WIDTH, 16, r),
                new TransformerBlock(be, WIDTH, 2, 12, false, 0f, 2, r), new TransformerBlock(be, WIDTH, 3, 8, false, 0f, 2, r),
                new Pool(be, WIDTH, Pool.Mode.LAST));
    }

    private Function<Random, List<Layer>> lstmBiPerStep() {
        return r -> List.of(new Lstm(be, WIDTH, 4, 2, true, 0f, 1f, r), new Dense(be, 8, 5, Activation.TANH, false, r));
    }

    /** Real ids, then pad ids drawn at random (any id must do) up to time steps; time-major. */
    private static int[] batchIds(int[][] seqs, int time, Random rnd) {
        int n = seqs.length;
        int[] ids = new int[time * n];
        for (int b = 0; b < n; b++) for (int t = 0; t < time; t++) ids[t * n + b] = t < seqs[b].length ? seqs[b][t] : rnd.nextInt(VOCAB);
        return ids;
    }

    private static int[][] sequences(Random rnd) {
        int[][] s = new int[LENGTHS.length][];
        for (int b = 0; b < s.length; b++) {
            s[b] = new int[LENGTHS[b]];
            for (int t = 0; t < s[b].length; t++) s[b][t] = rnd.nextInt(VOCAB);
        }
        return s;
    }

    /** Per-sequence class ids, or per-step ids with -1 at padding (time-major). */
    private static int[] targets(int[][] seqs, int time, boolean perStep, Random rnd) {
        int n = seqs.length;
        int[] tg = new int[perStep ? time * n : n];
        for (int b = 0; b < n; b++) {
            if (!perStep) tg[b] = rnd.nextInt(CLASSES);
            else for (int t = 0; t < time; t++) tg[t * n + b] = t < seqs[b].length ? rnd.nextInt(CLASSES) : -1;
        }
        return tg;
    }

    private void assertBatchInvariant(String name, Function<Random, List<Layer>> body, boolean perStep) {
        Random rnd = new Random(name.hashCode());
        int[][] seqs = sequences(rnd);
        int n = seqs.length, longest = 7;
        Model batched = build(be, 3, body, perStep).model();
        Model single = build(be, 3, body, perStep).model();
        for (int time : new int[] {longest, longest + 3}) {
            int[] ids = batchIds(seqs, time, rnd);
            int[] tg = targets(seqs, time, perStep, rnd);
            batched.zeroGrad();
            batched.forward(ids, 0, time, n, LENGTHS, false);
            double loss = batched.loss(Targets.ids(tg, 0), true);
            batched.backward();
            float[] probs = batched.outputLayer().predictions().toHost();

            // Each sequence alone, unpadded: the same probabilities, and the mean of the losses and gradients.
            double sum = 0;
            int counted = 0;
            double[][] grads = new double[single.params().size()][];
            for (int k = 0; k < grads.length; k++) grads[k] = new double[single.params().get(k).grad().size()];
            for (int b = 0; b < n; b++) {
                int len = seqs[b].length;
                int[] own = new int[perStep ? len : 1];
                for (int t = 0; t < own.length; t++) own[t] = perStep ? tg[t * n + b] : tg[b];
                single.zeroGrad();
                single.forward(seqs[b], 0, len, 1, false);
                double l = single.loss(Targets.ids(own, 0), true);
                single.backward();
                float[] p = single.outputLayer().predictions().toHost();
                for (int t = 0; t < own.length; t++) {
                    for (int c = 0; c < CLASSES; c++) {
                        float inBatch = probs[((perStep ? t * n : 0) + b) * CLASSES + c];
                        assertEquals(p[t * CLASSES + c], inBatch, 1e-6, name + ", T=" + time + ": sequence " + b + " step " + t + " class " + c);
                    }
                }
                int w = own.length;                                  // the batch loss is the mean over counted rows
                sum += l * w;
                counted += w;
                for (int k = 0; k < grads.length; k++) {
                    float[] g = single.params().get(k).grad().toHost();
                    for (int i = 0; i < g.length; i++) grads[k][i] += g[i] * w;
                }
            }
            assertEquals(sum / counted, loss, 1e-6, name + ", T=" + time + ": loss");
            for (int k = 0; k < grads.length; k++) {
                float[] g = batched.params().get(k).grad().toHost();
                for (int i = 0; i < g.length; i++) {
                    double want = grads[k][i] / counted;
                    assertEquals(want, g[i], 1e-5 + 1e-4 * Math.abs(want),
                            name + ", T=" + time + ": gradient of " + batched.params().get(k).name() + "[" + i + "]");
                }
            }
        }
    }

    @Test void poolLastOverABidirectionalLstm() { assertBatchInvariant("lstm bidirectional, pool last", lstmBiLast(), false); }

    @Test void poolMeanOverTwoBidirectionalGruLayers() { assertBatchInvariant("gru 2 layers bidirectional, pool mean", gruBi2Mean(), false); }

    @Test void poolLastOverABidirectionalSrn() { assertBatchInvariant("srn bidirectional, pool last", srnBiLast(), false); }

    @Test void poolMeanOverAStackedLstm() { assertBatchInvariant("lstm 2 layers, pool mean", lstmMean(), false); }

    @Test void attentionNeverAttendsToPadding() { assertBatchInvariant("attention, pool mean", attentionMean(), false); }

    @Test void transformerBlocksPoolLast() { assertBatchInvariant("transformer, pool last", transformerLast(), false); }

    @Test void perStepLabelsThroughABidirectionalLstm() { assertBatchInvariant("lstm 2 layers bidirectional per step", lstmBiPerStep(), true); }

    /** Source and target padding both masked: a bidirectional encoder, its final state bridged, attention on both sides. */
    @Test void encoderDecoderOnPaddedSourcesAndTargets() {
        Function<Random, EncoderDecoder> build = r -> {
            Model enc = new Model(be).input("embed", new Embedding(be, VOCAB, WIDTH, false, r))
                    .add("rnn", new Gru(be, WIDTH, 4, 1, true, 0f, r))
                    .add("self", new MultiHeadAttention(be, 8, 8, 2, false, 0f, MultiHeadAttention.Naming.PYTORCH, r));
            Model dec = new Model(be).input("embed", new Embedding(be, VOCAB, WIDTH, false, r))
                    .add("rnn", new Gru(be, WIDTH, 4, 1, false, 0f, r))
                    .add("self", new MultiHeadAttention(be, 4, 4, 1, false, 0f, MultiHeadAttention.Naming.PYTORCH, r))
                    .add("attention", new CrossAttention(be, CrossAttention.Kind.DOT, 4, 8, 0, r));
            dec.output("out", new SoftmaxOutput(be, 12, VOCAB, -1, r));
            return new EncoderDecoder(enc, dec);
        };
        EncoderDecoder batched = build.apply(new Random(8)), single = build.apply(new Random(8));
        Random rnd = new Random(9);
        int[][] src = sequences(rnd), tgt = new int[src.length][];
        int n = src.length, time = 9, targetTime = 6;
        int[] tgtLengths = new int[n];
        for (int b = 0; b < n; b++) {
            tgt[b] = new int[1 + (b * 5) % targetTime];
            for (int t = 0; t < tgt[b].length; t++) tgt[b][t] = rnd.nextInt(VOCAB);
            tgtLengths[b] = tgt[b].length;
        }
        int[] targets = new int[targetTime * n];
        for (int b = 0; b < n; b++) for (int t = 0; t < targetTime; t++) targets[t * n + b] = t < tgt[b].length ? rnd.nextInt(VOCAB) : -1;
        batched.forward(batchIds(src, time, rnd), 0, time, LENGTHS, batchIds(tgt, targetTime, rnd), 0, targetTime, tgtLengths, n, false);
        batched.loss(Targets.ids(targets, 0), false);
        float[] probs = batched.decoder().outputLayer().predictions().toHost();
        for (int b = 0; b < n; b++) {
            int len = tgt[b].length;
            int[] own = new int[len];
            for (int t = 0; t < len; t++) own[t] = targets[t * n + b];
            single.forward(src[b], 0, src[b].length, null, tgt[b], 0, len, 1, false);
            single.loss(Targets.ids(own, 0), false);
            float[] p = single.decoder().outputLayer().predictions().toHost();
            for (int t = 0; t < len; t++) for (int c = 0; c < VOCAB; c++) {
                assertEquals(p[t * VOCAB + c], probs[(t * n + b) * VOCAB + c], 1e-6, "sequence " + b + " target step " + t + " token " + c);
            }
        }
    }

    @Test void forwardDirectionsFinalStateIsAtEachSequencesEnd() {
        Random rnd = new Random(4);
        Lstm lstm = new Lstm(be, 3, 4, 1, true, 0f, 1f, rnd);
        float[] x = new float[5 * 2 * 3];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.5f;
        lstm.lengths(new int[] {2, 5});
        lstm.forward(be.fromHost(x, org.seqlab.tensor.Shape.of(5, 2, 3)), false);
        float[] hN = lstm.finalHidden().toHost(), y = lstm.forward(be.fromHost(x, org.seqlab.tensor.Shape.of(5, 2, 3)), false).toHost();
        for (int j = 0; j < 4; j++) {
            assertEquals(y[(1 * 2 + 0) * 8 + j], hN[0 * 2 * 4 + j], 0f, "forward h_n of sequence 0 is its step 1");
            assertEquals(y[(0 * 2 + 0) * 8 + 4 + j], hN[1 * 2 * 4 + j], 0f, "reverse h_n of sequence 0 is its step 0");
        }
    }
}
