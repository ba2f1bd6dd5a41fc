package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;

/** The attention kinds' configurations: widths, parameter counts that match the built layers, errors in words. */
class AttentionSpecTest {
    private final Backend be = CpuBackends.reference();

    private static long count(Layer l) {
        long n = 0;
        for (Param p : l.params()) n += p.value().size();
        return n;
    }

    private void countsMatch(LayerSpec spec, int in) {
        assertEquals(spec.paramCount(in), count(spec.build(be, in, new Random(1))), spec.toString());
    }

    @Test void widthsAndParameterCounts() {
        LayerSpec.AttentionSpec a = new LayerSpec.AttentionSpec(4, 0, true, 0.1f);
        assertEquals(12, a.outputWidth(12));
        countsMatch(a, 12);
        assertEquals(16, new LayerSpec.AttentionSpec(4, 16, false, 0f).outputWidth(12));
        countsMatch(new LayerSpec.AttentionSpec(4, 16, false, 0f), 12);
        LayerSpec.TransformerSpec t = new LayerSpec.TransformerSpec(4, 0, 0, true, 0f, 4);
        assertEquals(128, t.outputWidth(128));
        assertEquals(12 * 128 * 128 + 13 * 128, t.paramCount(128));
        countsMatch(t, 16);
        countsMatch(new LayerSpec.TransformerSpec(2, 8, 20, false, 0.1f, 1), 8);
        countsMatch(new LayerSpec.PositionalSpec(PositionalEncoding.Kind.LEARNED, 64), 8);
        countsMatch(new LayerSpec.PositionalSpec(PositionalEncoding.Kind.SINUSOIDAL, 64), 8);
        for (CrossAttention.Kind k : CrossAttention.Kind.values()) {
            LayerSpec.EncoderAttentionSpec e = new LayerSpec.EncoderAttentionSpec(k, 10, 6);
            assertEquals(18, e.outputWidth(8));
            countsMatch(e, 8);
        }
        assertEquals("in_proj_weight", a.build(be, 12, new Random(1)).params().get(0).name());
    }

    private static void fails(LayerSpec spec, int in, String words) {
        var e = assertThrows(LayerSpecException.class, () -> spec.outputWidth(in));
        assertEquals(words, e.getMessage());
    }

    @Test void badWidthsAreErrorsInWords() {
        fails(new LayerSpec.AttentionSpec(8, 0, true, 0f), 100, "attention heads=8 needs a width divisible by 8; the layer below gives 100");
        fails(new LayerSpec.AttentionSpec(8, 100, true, 0f), 64, "attention heads=8 needs dim divisible by 8, got 100");
        fails(new LayerSpec.TransformerSpec(8, 0, 0, true, 0f, 1), 100, "transformer heads=8 needs a width divisible by 8; the layer below gives 100");
        fails(new LayerSpec.TransformerSpec(4, 128, 0, true, 0f, 1), 100,
                "transformer dim=128 needs an input of width 128 (the residual connections add the input to the output); the layer below gives 100");
        fails(new LayerSpec.AttentionSpec(0, 0, true, 0f), 8, "heads must be a positive whole number, got 0");
        fails(new LayerSpec.TransformerSpec(2, 0, 0, true, 1.5f, 1), 8, "dropout must be in [0, 1), got 1.5");
        fails(new LayerSpec.PositionalSpec(PositionalEncoding.Kind.LEARNED, 0), 8, "max must be a positive whole number, got 0");
    }
}
