package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.data.Vocabulary;
import org.seqlab.inspect.AttentionMaps;
import org.seqlab.inspect.TextTrace;
import org.seqlab.inspect.render.AttentionMap;
import org.seqlab.inspect.render.HeatmapGrid;
import org.seqlab.session.ModelSession;

/** inspect attention show=scores|queries|keys|values: the numbers the weights are made of. */
class AttentionInternalsTest {

    @Test
    void theWeightsAreTheCausalSoftmaxOfTheScoresAndTheScoresAreQueriesDotKeys() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA
                + "model gpt { embed 16; positional learned max=16; transformer heads=2 dim=16 ff=32 causal; output softmax }\n"
                + "train gpt on elman steps=3 batch=4 seq=8\n"
                + "inspect attention layer=1 head=2 on \"boy chase dog .\" show=scores\n");
        assertTrue(h.output().contains("scores of attention layer 1"), h.output());
        ModelSession m = h.session("gpt");
        Vocabulary v = m.compiled.data().vocabulary();
        int[] ids = v.encodeStrict("boy chase dog . girl eat");
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(v.token(id));
        TextTrace t = TextTrace.of(m.state.model(), ids, tokens);
        for (int head = 1; head <= 2; head++) {
            AttentionMap w = AttentionMaps.of(t, 1, head);
            float[][] s = AttentionMaps.internals(t, 1, head, "scores").panels().get(0).values();
            float[][] q = AttentionMaps.internals(t, 1, head, "queries").panels().get(0).values();  // dims x tokens
            float[][] k = AttentionMaps.internals(t, 1, head, "keys").panels().get(0).values();
            int n = ids.length, d = q.length;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j <= i; j++) max = Math.max(max, s[i][j]);
                for (int j = 0; j <= i; j++) sum += Math.exp(s[i][j] - max);
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += q[c][i] * k[c][j];
                    assertEquals(dot / Math.sqrt(d), s[i][j], 1e-4, "score " + i + "," + j);
                    double expect = j > i ? 0 : Math.exp(s[i][j] - max) / sum;
                    assertEquals(expect, w.weights().get(0)[i][j], 1e-5, "weight " + i + "," + j + " of head " + head);
                }
            }
        }
        HeatmapGrid values = AttentionMaps.internals(t, 1, AttentionMaps.ALL, "values");
        assertEquals(2, values.panels().size());
        assertEquals(8, values.panels().get(0).rows());
        assertEquals(ids.length, values.panels().get(0).cols());
    }
}
