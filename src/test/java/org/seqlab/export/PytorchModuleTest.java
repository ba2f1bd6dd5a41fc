package org.seqlab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.nn.Dense;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Model;
import org.seqlab.nn.MultiHeadAttention;
import org.seqlab.nn.Param;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.TransformerBlock;
import org.seqlab.tensor.Tensor;

/** The module text for attention models, and the refusal of a layer export has no form for (no Python needed). */
class PytorchModuleTest {
    private final Backend be = CpuBackends.reference();

    @Test
    void attentionLayersAreWrittenWithTheirOptionsAndHelpersOnce() {
        Random rnd = new Random(1);
        Model m = new Model(be)
                .add("positional1", new PositionalEncoding(be, PositionalEncoding.Kind.SINUSOIDAL, 6, 20, rnd))
                .add("attention1", new MultiHeadAttention(be, 6, 8, 2, true, 0.1f, MultiHeadAttention.Naming.PYTORCH, rnd))
                .add("dense1", new Dense(be, 8, 6, Activation.RELU, false, rnd))
                .add("transformer1", new TransformerBlock(be, 6, 3, 12, false, 0f, 1, rnd))
                .output("output", new SoftmaxOutput(be, 6, 4, -1, rnd));
        String text = PytorchModule.source("att", m, "att.safetensors");
        assertTrue(text.contains("self.positional1 = Positional(6, 20, learned=False)"), text);
        assertTrue(text.contains("self.attention1 = SelfAttention(6, 8, heads=2, causal=True, dropout=0.1)"), text);
        assertTrue(text.contains("h = self.attention1(h, lengths)  # (T, B, 8)"), text);
        assertTrue(text.contains("self.transformer1 = Block(6, heads=3, ff=12, causal=False, dropout=0.0)"), text);
        assertTrue(text.contains("CONTEXT = 20"), text);
        assertEquals(1, count(text, "\ndef attend("), "the shared attention helper is written once");
        assertEquals(1, count(text, "\nclass Block("), text);
        assertEquals(0, count(text, "def run_recurrent("), "helpers only for the layers the model has");
    }

    @Test
    void aLayerWithoutAPytorchFormIsRefusedByName() {
        Model m = new Model(be).add("odd1", new Layer() {
            @Override public int inputWidth() { return 3; }

            @Override public int outputWidth() { return 3; }

            @Override public List<Param> params() { return List.of(); }

            @Override public Tensor forward(Tensor x, boolean training) { return x; }

            @Override public Tensor backward(Tensor dy) { return dy; }
        }).output("output", new SoftmaxOutput(be, 3, 2, -1, new Random(1)));
        ExportRefusal r = assertThrows(ExportRefusal.class, () -> PytorchModule.source("m", m, "m.safetensors"));
        assertEquals("odd1", r.layer());
        assertTrue(r.getMessage().startsWith("layer 'odd1' ("), r.getMessage());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
