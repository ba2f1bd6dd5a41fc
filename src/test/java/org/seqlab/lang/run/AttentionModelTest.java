package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
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
    }

    @Test
    void samplingSlidesAWindowPastTheTrainedLength() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + GPT
                + "train tiny on elman steps=3 batch=4 seq=8\n"
                + "sample 30 from \"boy\" greedy\n");
        String sample = h.output().lines().filter(x -> x.startsWith("boy ")).findFirst().orElse("");
        assertEquals(31, sample.split(" ").length, h.output());
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
    }

    @Test
    void aWindowLongerThanThePositionsIsAnError() {
        EngineHarness h = new EngineHarness();
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(EngineHarness.DATA + GPT + "train tiny on elman steps=3 batch=4 seq=16\n"));
        assertTrue(f.getMessage().contains("seq=16 is longer than the model's positional max=8"), f.getMessage());
    }
}
