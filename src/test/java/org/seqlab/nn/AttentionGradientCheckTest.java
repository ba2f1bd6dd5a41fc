package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Finite differences against the attention layers' backward, as {@link GradientCheckTest}: central differences
 * with step 1e-2 in float32 on L = sum(layer(x) * r), |fd - analytic| <= 2e-2 |analytic| + 2e-3.
 */
class AttentionGradientCheckTest {
    private final Backend be = CpuBackends.reference();
    private final Random rnd = new Random(5);
    private final FiniteDifference fd = new FiniteDifference(be, rnd, 16);

    private Tensor random(float scale, int... dims) { return fd.random(scale, dims); }

    private static double dot(Tensor a, Tensor b) { return FiniteDifference.dot(a, b); }

    private void check(String what, Tensor t, float[] g, DoubleSupplier loss) { fd.check(what, t, g, loss); }

    private void checkLayer(String name, Layer layer, Tensor x) { fd.checkLayer(name, layer, x); }

    @Test void multiHeadAttentionCausalAndFull() {
        checkLayer("mha causal", new MultiHeadAttention(be, 6, 6, 2, true, 0f, MultiHeadAttention.Naming.PYTORCH, rnd), random(1f, 5, 3, 6));
        checkLayer("mha full, width change", new MultiHeadAttention(be, 5, 8, 4, false, 0f, MultiHeadAttention.Naming.PYTORCH, rnd), random(1f, 4, 2, 5));
    }

    @Test void multiHeadAttentionWithPadding() {
        MultiHeadAttention mha = new MultiHeadAttention(be, 4, 4, 2, false, 0f, MultiHeadAttention.Naming.PYTORCH, rnd);
        mha.keyLengths(new int[] {3, 5});
        checkLayer("mha padded", mha, random(1f, 5, 2, 4));
    }

    @Test void positionalEncodings() {
        checkLayer("learned positions", new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, 4, 6, rnd), random(1f, 5, 2, 4));
        checkLayer("sinusoidal positions", new PositionalEncoding(be, PositionalEncoding.Kind.SINUSOIDAL, 4, 6, rnd), random(1f, 5, 2, 4));
    }

    @Test void transformerBlock() {
        TransformerBlock block = new TransformerBlock(be, 6, 2, 10, true, 0f, 2, rnd);
        for (Param p : block.params()) Init.uniform(p.value(), 0.5f, rnd);
        checkLayer("transformer block", block, random(1f, 4, 2, 6));
    }

    @Test void dropoutActsOnlyInTraining() {
        MultiHeadAttention mha = new MultiHeadAttention(be, 4, 4, 2, true, 0.5f, MultiHeadAttention.Naming.PYTORCH, rnd);
        Tensor x = random(1f, 6, 2, 4);
        float[] eval = mha.forward(x, false).toHost(), again = mha.forward(x, false).toHost(), train = mha.forward(x, true).toHost();
        assertArrayEquals(eval, again);
        assertFalse(java.util.Arrays.equals(eval, train), "dropout changes the training output");
        assertEquals(x.size(), mha.backward(random(1f, 6, 2, 4)).size());
    }

    @Test void encoderDecoderAttentionAdditiveAndDot() {
        for (CrossAttention.Kind kind : CrossAttention.Kind.values()) {
            CrossAttention ca = new CrossAttention(be, kind, 3, 4, 5, rnd);
            Tensor memory = random(1f, 6, 2, 4);
            ca.memory(memory, new int[] {6, 4});
            checkLayer("cross " + kind, ca, random(1f, 3, 2, 3));
            Tensor x = random(1f, 3, 2, 3), r = random(1f, 3, 2, 7);
            ca.forward(x, false);
            ca.backward(r);
            float[] dm = ca.memoryGradient().toHost();
            check("cross " + kind + " memory", memory, dm, () -> dot(ca.forward(x, false), r));
            float[] w = ca.forward(x, false).toHost();
            assertEquals(7 * 6, w.length);
            Trace trace = new Trace();
            ca.record(trace, "d");
            float[] alpha = trace.get("d.attention.weights").tensor().toHost();
            for (int t = 0; t < 3; t++) for (int s = 4; s < 6; s++) assertEquals(0f, alpha[((1 * 3) + t) * 6 + s], "padding of example 1");
        }
    }
}
