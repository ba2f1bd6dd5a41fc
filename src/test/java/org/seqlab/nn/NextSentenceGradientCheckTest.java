package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;

/**
 * BERT's next-sentence head and segment embeddings inside a whole model (embedding, segments, a transformer block
 * without causal mask, layer norm, masked-LM softmax, next-sentence head on the [CLS] position), on right-padded
 * pairs: the backward of loss = masked-LM loss + next-sentence loss against central finite differences, as
 * {@link GradientCheckTest}, for every parameter tensor.
 */
class NextSentenceGradientCheckTest {
    private final Backend be = CpuBackends.reference();
    private final Random rnd = new Random(11);
    private final FiniteDifference fd = new FiniteDifference(be, rnd, 12);

    static final int V = 9, D = 6, T = 7, B = 3;
    // time-major ids and segments (T, B): rows are <cls>=1 A <sep>=2 B <sep> then padding 0
    static final int[][] ROWS = {{1, 5, 6, 2, 7, 2, 0}, {1, 4, 2, 8, 3, 5, 2}, {1, 3, 3, 2, 6, 2, 0}};
    static final int[][] SEGMENTS = {{0, 0, 0, 0, 1, 1, 0}, {0, 0, 0, 1, 1, 1, 1}, {0, 0, 0, 0, 1, 1, 0}};
    static final int[] LENGTHS = {6, 7, 6};
    static final int[] LABELS = {NextSentence.IS_NEXT, NextSentence.NOT_NEXT, NextSentence.NOT_NEXT};

    static int[] timeMajor(int[][] rows) {
        int[] out = new int[T * B];
        for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) out[t * B + b] = rows[b][t];
        return out;
    }

    Model model() {
        Model m = new Model(be);
        m.input("embed", new Embedding(be, V, D, false, 1f, rnd));
        TransformerBlock block = new TransformerBlock(be, D, 2, 10, false, 0f, 1, rnd);
        for (Param p : block.params()) Init.uniform(p.value(), 0.5f, rnd);
        m.add("transformer1", block);
        m.add("layernorm1", new LayerNorm(be, D, 1e-5f));
        m.output("output", new SoftmaxOutput(be, D, V, -1, rnd));
        NextSentence nsp = new NextSentence(be, D, 0.02f, D, rnd);
        Init.uniform(nsp.segment().value(), 0.5f, rnd);
        m.nextSentence(nsp);
        return m;
    }

    /** A bidirectional LSTM (hidden 2 x 4 = 8) under an embedding of 6: the segments and the head have different widths. */
    Model recurrentModel() {
        Model m = new Model(be);
        m.input("embed", new Embedding(be, V, D, false, 1f, rnd));
        Lstm lstm = new Lstm(be, D, 4, 1, true, 0f, 1f, rnd);
        m.add("lstm1", lstm);
        m.output("output", new SoftmaxOutput(be, 8, V, -1, rnd));
        m.nextSentence(new NextSentence(be, D, 1f, 8, rnd));
        return m;
    }

    @Test
    void theJointLossBackpropagatesIntoEveryParameter() {
        check(model());
    }

    @Test
    void theJointLossBackpropagatesThroughABidirectionalLstm() {
        check(recurrentModel());
    }

    void check(Model m) {
        int[] ids = timeMajor(ROWS), seg = timeMajor(SEGMENTS);
        int[] targets = new int[T * B];
        java.util.Arrays.fill(targets, -1);
        targets[1 * B] = 5;            // masked positions: row 0 step 1, row 1 step 4, row 2 step 2
        targets[4 * B + 1] = 3;
        targets[2 * B + 2] = 3;
        m.segments(seg);
        for (Recurrent r : m.recurrentLayers()) {
            r.prepareState(B);
            r.resetState();
        }
        DoubleSupplier loss = () -> {
            m.forward(ids, 0, T, B, LENGTHS, false);
            return m.loss(Targets.ids(targets, 0), false) + m.nextSentence().loss(LABELS, false);
        };
        m.zeroGrad();
        m.forward(ids, 0, T, B, LENGTHS, false);
        double l = m.loss(Targets.ids(targets, 0), true) + m.nextSentence().loss(LABELS, true);
        assertTrue(l > 0);
        m.backward();
        for (Param p : m.params()) {
            float[] g = p.grad().toHost();
            fd.check(p.name(), p.value(), g, loss);
        }
        assertTrue(m.params().stream().anyMatch(p -> p.name().equals("segment.weight")));
        assertTrue(m.params().stream().anyMatch(p -> p.name().equals("nsp.weight")));
    }

    @Test
    void theHeadReadsOnlyTheClsPositionAndItsProbabilitiesSumToOne() {
        Model m = model();
        int[] ids = timeMajor(ROWS), seg = timeMajor(SEGMENTS);
        m.segments(seg);
        m.forward(ids, 0, T, B, LENGTHS, false);
        float[] p = m.nextSentence().probabilities().toHost();
        for (int b = 0; b < B; b++) assertEquals(1.0, p[2 * b] + p[2 * b + 1], 1e-6);
        // a pair's segments change what the head sees: swapping B's segment to 0 changes the probabilities
        int[] flat = seg.clone();
        for (int i = 0; i < flat.length; i++) flat[i] = 0;
        m.segments(flat);
        m.forward(ids, 0, T, B, LENGTHS, false);
        float[] q = m.nextSentence().probabilities().toHost();
        assertTrue(Math.abs(q[0] - p[0]) > 1e-6, "segment embeddings reach the head");
    }
}
