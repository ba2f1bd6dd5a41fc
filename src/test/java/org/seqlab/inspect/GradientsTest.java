package org.seqlab.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.inspect.render.Stack;
import org.seqlab.inspect.render.TokenStrip;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Srn;
import org.seqlab.nn.Targets;

/** inspect gradients: |dloss/dh_t| as backprop through time computes it, checked against finite differences. */
class GradientsTest {
    private static final String TEXT = "the boy ate the fish . the girl saw the boy";

    private static Model srn(int hidden, int seed) {
        Random rnd = new Random(seed);
        Model m = new Model(Models.BE).input("embed", new Embedding(Models.BE, Models.WORDS.size(), 6, false, rnd));
        m.add("rnn1", new Srn(Models.BE, 6, hidden, 1, false, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd));
        return m.output("output", new SoftmaxOutput(Models.BE, hidden, Models.WORDS.size(), SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    private static Model lstm(int hidden, float forgetBias, int seed) {
        Random rnd = new Random(seed);
        Model m = new Model(Models.BE).input("embed", new Embedding(Models.BE, Models.WORDS.size(), 6, false, rnd));
        m.add("lstm1", new Lstm(Models.BE, 6, hidden, 1, false, 0f, forgetBias, rnd));
        return m.output("output", new SoftmaxOutput(Models.BE, hidden, Models.WORDS.size(), SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    private static Gradients of(Model m, String text, boolean all) {
        return Gradients.of(m, Models.ids(text), Models.tokens(text), 1, all);
    }

    /** Loss of the last token when the layer starts from state (h, c) and reads ids[from .. n-1]. */
    private static double suffixLoss(Model m, int[] ids, int from, float[] h, float[] c) {
        Recurrent r = m.recurrentLayers().get(0);
        r.prepareState(1);
        r.initialHidden().copyFromHost(h);
        if (c != null) r.initialCell().copyFromHost(c);
        int n = ids.length - 1 - from;
        int[] in = Arrays.copyOfRange(ids, from, ids.length - 1);
        int[] tg = new int[n];
        Arrays.fill(tg, SoftmaxOutput.DEFAULT_IGNORE);
        tg[n - 1] = ids[ids.length - 1];
        m.forward(in, 0, n, 1, false);
        return m.loss(Targets.ids(tg, 0), false);
    }

    /** |dloss/dh_t| by central differences on the state the layer had after step t. */
    private static double finiteDifferenceNorm(Model m, String text, int t, boolean cell) {
        TextTrace tr = Models.trace(m, text);
        String layer = m.layerNames().get(0);
        float[] h = tr.get(layer + ".hidden").row(t);
        float[] c = cell ? tr.get(layer + ".cell").row(t) : null;
        int[] ids = Models.ids(text);
        double eps = 1e-2, sum = 0;
        for (int k = 0; k < h.length; k++) {
            float keep = h[k];
            h[k] = (float) (keep + eps);
            double up = suffixLoss(m, ids, t + 1, h, c);
            h[k] = (float) (keep - eps);
            double down = suffixLoss(m, ids, t + 1, h, c);
            h[k] = keep;
            double g = (up - down) / (2 * eps);
            sum += g * g;
        }
        return Math.sqrt(sum);
    }

    @Test
    void normsMatchFiniteDifferencesForSrnAndLstm() {
        for (Model m : List.of(srn(5, 1), lstm(5, 1f, 2))) {
            boolean cell = m.layers().get(0) instanceof Lstm;
            Gradients g = of(m, TEXT, false);
            int n = g.norms().length;
            assertEquals(Models.ids(TEXT).length - 1, n);
            for (int t : new int[] {0, n / 2, n - 3}) {
                double fd = finiteDifferenceNorm(m, TEXT, t, cell);
                assertEquals(fd, g.norms()[t], 0.02 * fd + 1e-6, "step " + t + " of " + m.layerNames().get(0));
            }
        }
    }

    @Test
    void leavesWeightsGradientsAndStateAsTheyWere() {
        Model m = lstm(4, 1f, 3);
        for (Param p : m.params()) Models.BE.fill(p.grad(), 0.25f);
        List<float[]> before = new ArrayList<>();
        for (Param p : m.params()) before.add(p.value().toHost());
        of(m, TEXT, true);
        for (int i = 0; i < m.params().size(); i++) {
            Param p = m.params().get(i);
            assertTrue(Arrays.equals(before.get(i), p.value().toHost()), p.name());
            for (float v : p.grad().toHost()) assertEquals(0.25f, v, 0f, p.name());
        }
    }

    @Test
    void tanhSrnGradientVanishesGoingBackAndTheLstmCellCarriesIt() {
        String text = "the boy ate the fish . the girl saw the boy . the girl ate the fish . the boy saw the";
        assertTrue(Models.ids(text).length >= 21);
        Gradients srn = of(srn(16, 7), text, false);
        int n = srn.norms().length;
        // 20 steps back from the last input the tanh SRN's gradient is at least 10x smaller ...
        assertTrue(srn.norms()[n - 1] / srn.norms()[n - 21] >= 10, "SRN: " + srn);
        assertTrue(srn.shrink() >= 10);
        // ... while an LSTM whose forget gates start near 1 keeps it within 10x over the same 20 steps.
        Gradients lstm = of(lstm(16, 3f, 7), text, false);
        assertTrue(lstm.norms()[n - 1] / lstm.norms()[n - 21] < 10, "LSTM: " + lstm);
    }

    @Test
    void allSumsEveryTokensLossAndThePictureIsAStripAndAPlot() {
        Model m = srn(5, 4);
        Gradients last = of(m, TEXT, false), all = of(m, TEXT, true);
        int n = last.norms().length;
        assertTrue(all.norms()[0] > last.norms()[0], "every token's loss reaches the first step more directly");
        assertTrue(all.target().contains("every token"));
        assertTrue(last.target().contains("'boy'"));
        Stack p = last.picture();
        TokenStrip strip = (TokenStrip) p.parts().get(0);
        assertEquals(n, strip.tokens().size());
        assertEquals((float) Math.log10(last.norms()[0]), strip.values()[0], 1e-5f);
        assertTrue(strip.caption().contains("smaller over the " + (n - 2) + " steps back through the recurrence"), strip.caption());
        assertEquals(last.norms()[n - 2] / last.norms()[0], last.shrink(), 1e-12);
    }

    @Test
    void refusesOneTokenAndNonRecurrentModels() {
        assertThrows(InspectException.class, () -> of(srn(4, 1), "the", false));
        assertThrows(InspectException.class, () -> Gradients.of(Models.withFakeAttention(1), Models.ids(TEXT), Models.tokens(TEXT), 1, false));
    }

    @Test
    void positionalDotProductsFallAsPositionsMoveApart() {
        Positions p = Positions.of(64, 50);
        assertEquals(32.0, p.dot(10, 10), 1e-4);
        assertEquals(0.0, p.matrix()[0][0], 0);
        assertEquals(1.0, p.matrix()[0][1], 0);
        assertTrue(p.dot(20, 21) > p.dot(20, 30) + 5, "a neighbour is more alike than a position 10 away");
        for (int d = 1; d < 6; d++) assertTrue(p.dot(20, 20 + d) < p.dot(20, 20 + d - 1), "distance " + d);
        assertEquals(p.dot(5, 9), p.dot(30, 34), 1e-3, "the product depends only on the distance");
        assertEquals(2, p.picture().parts().size());
    }
}
