package org.seqlab.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.inspect.render.AttentionMap;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.HeatmapGrid;
import org.seqlab.inspect.render.TokenStrip;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.Targets;
import org.seqlab.nn.Trace;
import org.seqlab.train.RecurrentState;

/** What inspections show is what the forward pass computed, and it obeys the cells' equations. */
class TraceInspectionTest {
    private static final String TEXT = "the boy ate the fish . the girl saw the boy .";

    /** A picture's values as tokens x units (the picture has units down, tokens across). */
    private static float[][] perToken(Heatmap h) {
        float[][] v = h.values();
        float[][] out = new float[v[0].length][v.length];
        for (int u = 0; u < v.length; u++) for (int t = 0; t < v[0].length; t++) out[t][u] = v[u][t];
        return out;
    }

    @Test
    void lstmGatesShownReproduceTheCellAndHiddenStatesShown() {
        for (boolean bi : new boolean[] {false, true}) {
            Model m = Models.lstm(5, 2, bi);
            TextTrace t = Models.trace(m, TEXT);
            for (int layer = 1; layer <= 2; layer++) {
                RecurrentLayer l = RecurrentLayer.pick(m, layer);
                HeatmapGrid g = StateMaps.gates(t, l);
                float[][] c = perToken(StateMaps.cell(t, l)), h = perToken(StateMaps.hidden(t, l));
                int dirs = bi ? 2 : 1;
                assertEquals(4 * dirs, g.panels().size());
                for (int d = 0; d < dirs; d++) {
                    float[][] in = perToken(g.panels().get(4 * d)), f = perToken(g.panels().get(4 * d + 1));
                    float[][] cand = perToken(g.panels().get(4 * d + 2)), o = perToken(g.panels().get(4 * d + 3));
                    assertTrue(g.panels().get(4 * d + 1).title().startsWith("forget"));
                    int steps = h.length;
                    for (int s = 0; s < steps; s++) {
                        int tt = d == 0 ? s : steps - 1 - s;
                        int prev = d == 0 ? tt - 1 : tt + 1;
                        for (int u = 0; u < 5; u++) {
                            int k = d * 5 + u;
                            float cPrev = prev < 0 || prev >= steps ? 0f : c[prev][k];
                            float cNow = f[tt][u] * cPrev + in[tt][u] * cand[tt][u];
                            assertEquals(cNow, c[tt][k], 1e-5f, "c at step " + tt + " unit " + k);
                            assertEquals(o[tt][u] * (float) Math.tanh(c[tt][k]), h[tt][k], 1e-5f, "h at step " + tt);
                        }
                    }
                }
            }
        }
    }

    @Test
    void gruGatesReproduceTheHiddenStateAndSrnHasNone() {
        Model m = Models.gruAndSrn();
        TextTrace t = Models.trace(m, TEXT);
        RecurrentLayer gru = RecurrentLayer.pick(m, 1);
        HeatmapGrid g = StateMaps.gates(t, gru);
        assertEquals(List.of("reset", "update", "candidate"), g.panels().stream().map(Heatmap::title).toList());
        float[][] z = perToken(g.panels().get(1)), n = perToken(g.panels().get(2)), h = perToken(StateMaps.hidden(t, gru));
        for (int s = 0; s < h.length; s++) {
            for (int u = 0; u < 5; u++) {
                float prev = s == 0 ? 0f : h[s - 1][u];
                assertEquals((1 - z[s][u]) * n[s][u] + z[s][u] * prev, h[s][u], 1e-5f);
            }
        }
        RecurrentLayer srn = RecurrentLayer.pick(m, 2);
        assertEquals("rnn", srn.kind());
        InspectException e = assertThrows(InspectException.class, () -> StateMaps.gates(t, srn));
        assertTrue(e.getMessage().contains("no gates"), e.getMessage());
        assertThrows(InspectException.class, () -> StateMaps.cell(t, gru));
        e = assertThrows(InspectException.class, () -> RecurrentLayer.pick(m, 3));
        assertEquals("layer=3 is not there: the model has 2 recurrent layers", e.getMessage());
    }

    @Test
    void inspectionsShowTheTraceOfAPlainForwardPass() {
        Model m = Models.lstm(4, 2, false);
        TextTrace t = Models.trace(m, TEXT);
        int[] ids = Models.ids(TEXT);
        for (Recurrent r : m.recurrentLayers()) {
            r.prepareState(1);
            r.resetState();
        }
        m.forward(ids, 0, ids.length, 1, false);
        Trace plain = m.trace();
        float[][] shown = perToken(StateMaps.hidden(t, RecurrentLayer.pick(m, 2)));
        float[] traced = plain.get("lstm1.l1.hidden").toHost();
        for (int s = 0; s < ids.length; s++) for (int u = 0; u < 4; u++) assertEquals(traced[s * 4 + u], shown[s][u]);
        TokenStrip unit = Neurons.neuron(t, RecurrentLayer.pick(m, 1), 3);
        float[] l0 = plain.get("lstm1.l0.hidden").toHost();
        for (int s = 0; s < ids.length; s++) assertEquals(l0[s * 4 + 3], unit.values()[s]);
    }

    @Test
    void inspectingLeavesTheCarriedTrainingStateAlone() {
        Model m = Models.lstm(4, 1, false);
        int[] batch = new int[3 * 5];
        for (int i = 0; i < batch.length; i++) batch[i] = 1 + i % 7;
        m.forward(batch, 0, 5, 3, false);
        m.carryState();
        float[] before = m.recurrentLayers().get(0).initialHidden().toHost();
        Models.trace(m, TEXT);
        assertArrayEquals(before, m.recurrentLayers().get(0).initialHidden().toHost());
        assertEquals(3, RecurrentState.take(m).layers().get(0).batch());
    }

    @Test
    void surprisalTotalIsTheLossOfTheSameText() {
        Model m = Models.lstm(6, 1, false);
        Surprisal s = Surprisal.of(Models.trace(m, TEXT));
        int[] ids = Models.ids(TEXT);
        assertTrue(Float.isNaN(s.nats()[0]));
        assertEquals(ids.length - 1, s.counted());
        for (Recurrent r : m.recurrentLayers()) {
            r.prepareState(1);
            r.resetState();
        }
        m.forward(ids, 0, ids.length - 1, 1, false);
        double loss = m.loss(Targets.ids(java.util.Arrays.copyOfRange(ids, 1, ids.length), 0), false);
        assertEquals(loss, s.mean(), 1e-5);
        assertEquals(loss * (ids.length - 1), s.total(), 1e-4);
        assertEquals(Math.exp(loss), s.perplexity(), 1e-4);
        assertTrue(s.strip().caption().contains("perplexity"));
    }

    @Test
    void unitsThatChangeMostComeFirst() {
        float[][] h = {{0f, 0.1f, 0.5f}, {0f, -0.9f, 0.5f}, {0f, 0.9f, 0.6f}};
        double[] c = Neurons.change(h);
        assertEquals(0, c[0]);
        assertTrue(c[1] > c[2] && c[2] > c[0]);
        Model m = Models.lstm(8, 1, false);
        Heatmap top = Neurons.mostChanging(Models.trace(m, TEXT), RecurrentLayer.pick(m, 1), 3);
        assertEquals(3, top.rows());
        InspectException e = assertThrows(InspectException.class,
                () -> Neurons.neuron(Models.trace(m, TEXT), RecurrentLayer.pick(m, 1), 8));
        assertTrue(e.getMessage().startsWith("unit=8 is not there"), e.getMessage());
    }

    @Test
    void attentionRowsSumToOneAndHeadsAreNumberedFromOne() {
        Model m = Models.withFakeAttention(3);
        TextTrace t = Models.trace(m, TEXT);
        AttentionMap all = AttentionMaps.of(t, 1, 0);
        assertEquals(List.of("head 1", "head 2", "head 3"), all.headNames());
        assertEquals(Models.tokens(TEXT), all.queries());
        for (float[][] w : all.weights()) {
            for (int q = 0; q < w.length; q++) {
                double sum = 0;
                for (int k = 0; k < w[q].length; k++) {
                    sum += w[q][k];
                    if (k > q) assertEquals(0f, w[q][k]);
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
        AttentionMap second = AttentionMaps.of(t, 1, 2);
        assertEquals(List.of("head 2"), second.headNames());
        assertArrayEquals(all.weights().get(1)[4], second.weights().get(0)[4]);
        assertThrows(InspectException.class, () -> AttentionMaps.of(t, 1, 4));
        assertThrows(InspectException.class, () -> AttentionMaps.of(t, 2, 0));
        assertThrows(InspectException.class, () -> AttentionMaps.of(Models.trace(Models.lstm(3, 1, false), TEXT), 1, 0));
    }

    @Test
    void embeddingNeighboursSimilarityAndAnalogy() {
        var v = new org.seqlab.data.Vocabulary(org.seqlab.data.TokenKind.WORD,
                List.of("<pad>", "king", "queen", "man", "woman", "apple"));
        float[][] vec = {{9, 9, 9}, {1, 1, 0.1f}, {1, 0.1f, 1}, {0.2f, 1, 0}, {0.2f, 0, 1}, {-1, 0.2f, 0.2f}};
        EmbeddingSpace s = new EmbeddingSpace(v, vec);
        assertEquals(1.0, s.similarity("king", "king"), 1e-9);
        var near = s.nearest("king", 2);
        assertEquals("man", near.rows().get(0).get(1));
        assertTrue(near.rows().stream().noneMatch(r -> r.get(1).equals("king") || r.get(1).equals("<pad>")));
        var a = s.analogy(List.of(new EmbeddingSpace.Term("king", true), new EmbeddingSpace.Term("man", false),
                new EmbeddingSpace.Term("woman", true)), 1);
        assertEquals("queen", a.rows().get(0).get(1));
        assertTrue(a.title().startsWith("'king' - 'man' + 'woman'"), a.title());
        InspectException e = assertThrows(InspectException.class, () -> s.similarity("king", "prince"));
        assertTrue(e.getMessage().contains("'prince'"));
    }
}
