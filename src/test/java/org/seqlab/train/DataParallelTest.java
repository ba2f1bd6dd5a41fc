package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Targets;
import org.seqlab.nn.TransformerBlock;

/**
 * A batch split over replicas trains the model as the whole batch does: the same mean loss and the same gradients
 * (up to float rounding), whatever the number of threads, with padded targets spread unevenly over the shards, and
 * with dropout masks that differ between shards but repeat from the same seed.
 */
class DataParallelTest {
    private static final int VOCAB = 11, WIDTH = 16, CONTEXT = 8, BATCH = 5;

    /** A 2-block causal transformer with the given dropout; the same weights from the same seed on any backend. */
    private static Model gpt(Backend be, float dropout) {
        Random rnd = new Random(3);
        Model m = new Model(be).input("wte", new Embedding(be, VOCAB, WIDTH, false, rnd))
                .add("wpe", new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, WIDTH, CONTEXT, rnd));
        for (int l = 0; l < 2; l++) m.add("h." + l, new TransformerBlock(be, WIDTH, 2, 4 * WIDTH, true, dropout, 2, rnd));
        m.add("ln_f", new LayerNorm(be, WIDTH, 1e-5f));
        return m.output("head", new SoftmaxOutput(be, WIDTH, VOCAB, SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    /** (T, B) time-major tokens; targets of the last three streams partly padding, so the shards count unevenly. */
    private static int[][] batch() {
        Random rnd = new Random(9);
        int[] in = new int[CONTEXT * BATCH], tg = new int[CONTEXT * BATCH];
        for (int t = 0; t < CONTEXT; t++) {
            for (int b = 0; b < BATCH; b++) {
                in[t * BATCH + b] = rnd.nextInt(VOCAB);
                tg[t * BATCH + b] = b >= 2 && t >= CONTEXT - 2 * (b - 1) ? SoftmaxOutput.DEFAULT_IGNORE : rnd.nextInt(VOCAB);
            }
        }
        return new int[][] {in, tg};
    }

    private static float[][] grads(Model m) {
        List<Param> ps = m.params();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) out[i] = ps.get(i).grad().toHost();
        return out;
    }

    private record Result(double loss, float[][] grads) {}

    private static Result whole(Model m, int[][] xy) {
        m.forward(xy[0], 0, CONTEXT, BATCH, true);
        m.zeroGrad();
        double loss = m.loss(Targets.ids(xy[1], 0), true);
        m.backward();
        return new Result(loss, grads(m));
    }

    private static Result split(Backend be, float dropout, int[][] xy) {
        Model m = gpt(be, dropout);
        try (DataParallel dp = new DataParallel(m, shard -> gpt(shard, dropout))) {
            assertEquals(2, dp.shardsFor(BATCH), "the fast CPU backend splits a batch in two");
            double loss = dp.forward(xy[0], xy[1], 0, CONTEXT, BATCH);
            dp.backward();
            return new Result(loss, grads(m));
        } finally {
            be.shutdown();
        }
    }

    @Test void splitBatchGivesTheWholeBatchsLossAndGradients() {
        int[][] xy = batch();
        Backend be = CpuBackends.fast(2);
        Result whole = whole(gpt(be, 0f), xy);
        be.shutdown();
        Result split = split(CpuBackends.fast(2), 0f, xy);
        assertEquals(whole.loss(), split.loss(), 1e-6 * Math.abs(whole.loss()));
        for (int i = 0; i < whole.grads().length; i++) {
            float[] a = whole.grads()[i], b = split.grads()[i];
            float scale = 0;
            for (float v : a) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < a.length; j++) assertEquals(a[j], b[j], 1e-5f * scale + 1e-9f, "gradient " + i + "[" + j + "]");
        }
    }

    @Test void sameNumbersOnOneThreadAndOnTwo() {
        int[][] xy = batch();
        Result one = split(CpuBackends.fast(1), 0.2f, xy), two = split(CpuBackends.fast(2), 0.2f, xy);
        assertEquals(one.loss(), two.loss(), 0);
        for (int i = 0; i < one.grads().length; i++) assertArrayEquals(one.grads()[i], two.grads()[i], "gradient " + i);
    }

    @Test void dropoutMasksDifferBetweenShardsAndRepeatFromTheSeed() {
        // Two identical halves: with the same masks both shards would have the same loss.
        int[] in = new int[CONTEXT * 2], tg = new int[CONTEXT * 2];
        Random rnd = new Random(4);
        for (int t = 0; t < CONTEXT; t++) {
            in[2 * t] = in[2 * t + 1] = rnd.nextInt(VOCAB);
            tg[2 * t] = tg[2 * t + 1] = rnd.nextInt(VOCAB);
        }
        double[] first = new double[2];
        for (int run = 0; run < 2; run++) {
            Backend be = CpuBackends.fast(2);
            Model m = gpt(be, 0.3f);
            m.dropoutSites().forEach(d -> d.seeds().setState(77));
            try (DataParallel dp = new DataParallel(m, shard -> gpt(shard, 0.3f))) {
                dp.forward(in, tg, 0, CONTEXT, 2);
                assertNotEquals(dp.shardLoss(0), dp.shardLoss(1), "the shards drew the same dropout masks");
                if (run == 0) first = new double[] {dp.shardLoss(0), dp.shardLoss(1)};
                else assertArrayEquals(first, new double[] {dp.shardLoss(0), dp.shardLoss(1)}, 0, "same seed, other masks");
            } finally {
                be.shutdown();
            }
        }
    }

    private static Model lstm(Backend be) {
        Random rnd = new Random(1);
        return new Model(be).input("embed", new Embedding(be, VOCAB, 8, false, rnd))
                .add("lstm", new Lstm(be, 8, 8, 2, false, 0f, 1f, rnd))
                .output("head", new SoftmaxOutput(be, 8, VOCAB, SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    /**
     * Truncated BPTT over three consecutive batches of the same streams: split, each shard carries its own streams'
     * state through the model's, and the losses, gradients and carried state are the whole batch's.
     */
    @Test void recurrentStateCarriesAcrossSplitBatchesAsAcrossWholeOnes() {
        int[][] xy = batch();
        Backend be = CpuBackends.fast(2);
        Model whole = lstm(be), split = lstm(be);
        for (Model m : List.of(whole, split)) {
            m.recurrentLayers().get(0).prepareState(BATCH);
            m.resetState();
        }
        try (DataParallel dp = new DataParallel(split, DataParallelTest::lstm)) {
            assertEquals(2, dp.shardsFor(BATCH));
            for (int k = 0; k < 3; k++) {
                Result a = whole(whole, xy);
                whole.carryState();
                double loss = dp.forward(xy[0], xy[1], 0, CONTEXT, BATCH);
                dp.backward();
                dp.updated();
                assertEquals(a.loss(), loss, 1e-6 * a.loss(), "batch " + k);
                float[][] g = grads(split);
                for (int i = 0; i < g.length; i++) assertArrayEquals(a.grads()[i], g[i], 1e-5f, "batch " + k + ", gradient " + i);
                assertArrayEquals(whole.recurrentLayers().get(0).initialHidden().toHost(),
                        split.recurrentLayers().get(0).initialHidden().toHost(), 1e-6f, "carried hidden state after batch " + k);
                assertArrayEquals(whole.recurrentLayers().get(0).initialCell().toHost(),
                        split.recurrentLayers().get(0).initialCell().toHost(), 1e-6f, "carried cell state after batch " + k);
            }
            // A reset of the model's state (an epoch's start, a rollback) reaches the shards' next batch.
            whole.resetState();
            split.resetState();
            assertEquals(whole(whole, xy).loss(), dp.forward(xy[0], xy[1], 0, CONTEXT, BATCH), 1e-6);
        } finally {
            be.shutdown();
        }
    }

    @Test void smallBatchesAndModelsWithANextSentenceHeadRunWhole() {
        Backend be = CpuBackends.fast(2);
        try (DataParallel small = new DataParallel(gpt(be, 0f), shard -> { throw new AssertionError("no replica for B=1"); })) {
            int[][] xy = batch();
            assertEquals(1, small.shardsFor(1));
            assertTrue(Double.isFinite(small.forward(xy[0], xy[1], 0, CONTEXT, 1)));
            assertFalse(DataParallel.splittable(new Model(be)), "no token input");
        } finally {
            be.shutdown();
        }
    }

    /** A factory that builds something else (no layers; other padding index; a failure) leaves batches whole. */
    @Test void aFactoryThatBuildsSomethingElseLeavesBatchesWhole() {
        int[][] xy = batch();
        Backend be = CpuBackends.fast(2);
        Model m = gpt(be, 0f);
        Result whole = whole(m, xy);
        List<java.util.function.Function<Backend, Model>> others = List.of(
                shard -> new Model(shard),
                shard -> {
                    Model r = gpt(shard, 0f);
                    SoftmaxOutput head = (SoftmaxOutput) r.outputLayer();
                    Random rnd = new Random(0);
                    Model o = new Model(shard).input("wte", (Embedding) r.inputLayer());
                    for (int i = 0; i < r.layers().size(); i++) o.add(i < 1 ? "wpe" : i < 3 ? "h." + (i - 1) : "ln_f", r.layers().get(i));
                    return o.output("head", new SoftmaxOutput(shard, WIDTH, VOCAB, 3, rnd));
                },
                shard -> { throw new IllegalStateException("cannot build"); });
        try {
            for (var factory : others) {
                try (DataParallel dp = new DataParallel(m, factory)) {
                    double loss = dp.forward(xy[0], xy[1], 0, CONTEXT, BATCH);
                    dp.backward();
                    assertEquals(whole.loss(), loss, 0);
                    assertEquals(1, dp.shardsFor(BATCH));
                }
            }
        } finally {
            be.shutdown();
        }
    }
}
