package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The transformer blocks of a model share their gradients and transient buffers (a {@link SharedBuffers}): the
 * same gradients, bit for bit, as blocks that each keep their own, and per extra block only what its backward reads.
 */
class SharedBuffersTest {
    private static final int T = 9, B = 3, W = 16, HEADS = 2, FF = 32, BLOCKS = 3, VOCAB = 7;

    /** A backend that counts the floats it allocates. */
    private static Backend counting(Backend inner, AtomicLong floats) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (p, m, args) -> {
            if (m.getName().equals("alloc")) floats.addAndGet(args[0] instanceof Shape s ? s.size() : Shape.of((int[]) args[0]).size());
            try {
                return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static List<TransformerBlock> blocks(Backend be, boolean causal) {
        Random rnd = new Random(5);
        List<TransformerBlock> out = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++) out.add(new TransformerBlock(be, W, HEADS, FF, causal, 0f, BLOCKS, rnd));
        return out;
    }

    private static float[] input() {
        Random rnd = new Random(9);
        float[] x = new float[T * B * W];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 2 - 1;
        return x;
    }

    private static int[] targets() {
        int[] y = new int[T * B];
        for (int i = 0; i < y.length; i++) y[i] = (i * 5 + 3) % VOCAB;
        return y;
    }

    @Test void sharedBuffersGiveTheSameGradientsAsPrivateOnes() {
        for (boolean causal : new boolean[] {true, false}) {
            Backend be = CpuBackends.fast(2);
            // In a model: the blocks share one set of buffers.
            List<TransformerBlock> shared = blocks(be, causal);
            Model model = new Model(be);
            for (int i = 0; i < BLOCKS; i++) model.add("h." + i, shared.get(i));
            SoftmaxOutput head = new SoftmaxOutput(be, W, VOCAB, SoftmaxOutput.DEFAULT_IGNORE, new Random(3));
            model.output("head", head);
            model.forward(be.fromHost(input(), Shape.of(T, B, W)), true);
            model.zeroGrad();
            double loss = model.loss(Targets.ids(targets(), 0), true);
            model.backward();
            // By hand: each block with its own buffers.
            List<TransformerBlock> own = blocks(be, causal);
            SoftmaxOutput head2 = new SoftmaxOutput(be, W, VOCAB, SoftmaxOutput.DEFAULT_IGNORE, new Random(3));
            Tensor h = be.fromHost(input(), Shape.of(T, B, W));
            for (TransformerBlock b : own) h = b.forward(h, true);
            head2.forward(h, true);
            for (TransformerBlock b : own) for (Param p : b.params()) be.fill(p.grad(), 0);
            for (Param p : head2.params()) be.fill(p.grad(), 0);
            assertEquals(head2.loss(Targets.ids(targets(), 0), true), loss, 0.0);
            Tensor d = head2.backward(null);
            for (int i = BLOCKS - 1; i >= 0; i--) d = own.get(i).backward(d);
            assertArrayEquals(d.toHost(), model.inputGradient().toHost(), "input gradient, causal=" + causal);
            for (int i = 0; i < BLOCKS; i++) {
                List<Param> a = shared.get(i).params(), b = own.get(i).params();
                for (int j = 0; j < a.size(); j++) {
                    assertArrayEquals(b.get(j).grad().toHost(), a.get(j).grad().toHost(), "block " + i + " " + a.get(j).name());
                }
            }
            // The trace keeps each block's own scores, though the blocks computed them in one shared buffer.
            Trace t = model.trace();
            float[] s0 = t.get("h.0.attention.scores").tensor().toHost(), s2 = t.get("h.2.attention.scores").tensor().toHost();
            Trace t2 = new Trace();
            own.get(0).record(t2, "h.0");
            assertArrayEquals(t2.get("h.0.attention.scores").tensor().toHost(), s0);
            assertTrue(!java.util.Arrays.equals(s0, s2), "blocks 0 and 2 show different scores");
        }
    }

    /** A block past the first adds what its backward reads (and its parameters), not another set of gradients. */
    @Test void extraBlocksAddOnlyWhatTheirBackwardReads() {
        long[] perModel = new long[3];
        for (int n = 1; n <= 2; n++) {
            AtomicLong floats = new AtomicLong();
            Backend be = counting(CpuBackends.fast(1), floats);
            Random rnd = new Random(1);
            Model model = new Model(be);
            for (int i = 0; i < n; i++) model.add("h." + i, new TransformerBlock(be, W, HEADS, FF, true, 0f, n, rnd));
            model.output("head", new SoftmaxOutput(be, W, VOCAB, SoftmaxOutput.DEFAULT_IGNORE, rnd));
            Tensor x = be.alloc(T, B, W);
            long before = floats.get();
            model.forward(x, true);
            model.loss(Targets.ids(targets(), 0), true);
            model.backward();
            perModel[n] = floats.get() - before;
        }
        long extra = perModel[2] - perModel[1], tbw = (long) T * B * W, square = (long) B * HEADS * T * T;
        // Kept per block: the residual sum, the output and the dx it returns (3), the LayerNorms' outputs (2) and
        // statistics, the attention's q k v and ctx (4) and weights, the MLP's pre-activation and GELU (2 x FF/W)
        // and its projection's output (1).
        long kept = (3 + 2 + 4 + 2 * FF / W + 1) * tbw + 4L * T * B + square;
        assertTrue(extra <= kept, "an extra block allocated " + extra + " floats for its buffers, at most " + kept + " expected");
        assertTrue(perModel[1] > 2 * kept, "one block holds the shared gradients too: " + perModel[1]);
    }
}
