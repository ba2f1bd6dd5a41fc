package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Model;
import org.seqlab.nn.MultiHeadAttention;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.TransformerBlock;

/** Decoder-only attention models written in the language: compile, train on a corpus, sample. */
class AttentionModelTest {

    private static final String GPT = """
            model tiny {
              embed 16
              positional learned max=8
              repeat 2 { transformer heads=2 dim=16 causal }
              layernorm
              output softmax
            }
            """;

    @Test
    void tinyCausalTransformerTrainsAndSamples() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + GPT
                + "train tiny on elman steps=60 batch=8 seq=8 lr=1e-2 optimizer=adamw\n"
                + "sample 12 from \"boy\"\n");
        List<Double> l = h.losses("tiny");
        assertEquals(60, l.size());
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3, last = (l.get(57) + l.get(58) + l.get(59)) / 3;
        assertTrue(last < first - 0.5, "loss " + first + " -> " + last);
        var layers = h.session("tiny").state.model().layers();
        assertTrue(layers.get(0) instanceof PositionalEncoding p && p.max() == 8);
        assertEquals(2, layers.stream().filter(x -> x instanceof TransformerBlock).count());
        String sample = h.output().lines().filter(x -> x.startsWith("boy ")).findFirst().orElse("");
        assertEquals(13, sample.split(" ").length, h.output());
        // Causal: the logits at a position do not change when a later token does.
        Model m = h.session("tiny").state.model();
        int[] a = {3, 4, 5, 6, 7, 8, 9, 10}, b = a.clone();
        b[7] = 11;
        b[5] = 12;
        float[] la = m.forward(a, 0, 8, 1, false).toHost().clone(), lb = m.forward(b, 0, 8, 1, false).toHost();
        int v = la.length / 8;
        assertArrayEquals(Arrays.copyOf(la, 5 * v), Arrays.copyOf(lb, 5 * v), "positions 0-4 see only tokens 0-4");
        assertFalse(Arrays.equals(Arrays.copyOfRange(la, 5 * v, 6 * v), Arrays.copyOfRange(lb, 5 * v, 6 * v)), "position 5 sees its own token");
    }

    /** A batch trains as two shards side by side (train.DataParallel): the same losses on one thread as on two. */
    @Test
    void trainingLossesAreTheSameOnOneThreadAsOnTwo() {
        String run = GPT + "train tiny on elman steps=6 batch=6 seq=8 lr=1e-2 optimizer=adamw dropout=0.1\n";
        List<Double> one = new EngineHarness().run("set threads=1\n" + EngineHarness.DATA + run).losses("tiny");
        List<Double> two = new EngineHarness().run("set threads=2\n" + EngineHarness.DATA + run).losses("tiny");
        assertEquals(6, one.size());
        assertEquals(one, two);
    }

    @Test
    void samplingSlidesAWindowPastTheTrainedLength() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + GPT
                + "train tiny on elman steps=3 batch=4 seq=8\n"
                + "sample 30 from \"boy\" greedy\n");
        String sample = h.output().lines().filter(x -> x.startsWith("boy ")).findFirst().orElse("");
        String[] words = sample.split(" ");
        assertEquals(31, words.length, h.output());
        // Each greedy token past the trained length is what the last 8 tokens alone give.
        for (int k : new int[] {8, 17, 30}) {
            String window = String.join(" ", Arrays.copyOfRange(words, k - 8, k));
            int before = h.output().length();
            h.run("sample 1 from \"" + window + "\" greedy\n");
            assertEquals(window + " " + words[k], h.output().substring(before).strip(), "token " + k + " of " + sample);
        }
    }

    @Test
    void singleAttentionLayerAndTheGptTemplate() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA
                + "model a { embed 8; positional sinusoidal; attention heads=2 causal; output softmax }\n"
                + "train a on elman steps=3 batch=4 seq=8\n"
                + "use gpt\nmodel g = gpt(width=16, layers=1, heads=2, context=8)\n"
                + "train g on elman steps=3 batch=4 seq=8\nsample 5 from \"boy\"\n");
        assertTrue(h.session("a").state.model().layers().get(1) instanceof MultiHeadAttention);
        assertEquals(3, h.session("g").state.step());
        // gpt(width=16, layers=1, heads=2, context=8): learned positions for 8 steps, one block, a final LayerNorm.
        Model g = h.session("g").state.model();
        assertTrue(g.layers().get(0) instanceof PositionalEncoding p && p.max() == 8, g.layerNames().toString());
        assertEquals(1, g.layers().stream().filter(x -> x instanceof TransformerBlock).count(), g.layerNames().toString());
        assertTrue(g.layers().get(g.layers().size() - 1) instanceof LayerNorm, g.layerNames().toString());
        // embedding 16V, positions 8x16, block: 2 LayerNorms 64, qkv 16x48+48, projection 16x16+16, MLP 16x64+64 and
        // 64x16+16; final LayerNorm 32; output 16V+V.
        long v = h.session("g").compiled.data().vocabulary().size();
        assertEquals(33 * v + 128 + 64 + 816 + 272 + 1088 + 1040 + 32, g.parameterCount());
    }

    @Test
    void aWindowLongerThanThePositionsIsAnError() {
        EngineHarness h = new EngineHarness();
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(EngineHarness.DATA + GPT + "train tiny on elman steps=3 batch=4 seq=16\n"));
        assertTrue(f.getMessage().contains("seq=16 is longer than the model's positional max=8"), f.getMessage());
    }
}
