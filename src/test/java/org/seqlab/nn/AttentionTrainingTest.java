package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.train.optim.Adam;

/**
 * End to end: a one-block causal transformer learns to copy, which only attention can do (the answer at
 * step t is the token 5 steps back). Sequences are x1..x4 SEP x1..x4; loss counts the copied half only.
 */
class AttentionTrainingTest {
    private static final int SYMBOLS = 6, SEP = SYMBOLS, HALF = 4, STEPS = 2 * HALF, BATCH = 16;

    @Test void aCausalTransformerLearnsToCopy() {
        Backend be = CpuBackends.fast();
        be.setThreads(1);
        Random rnd = new Random(3);
        Model m = new Model(be).input("embed", new Embedding(be, SYMBOLS + 1, 16, false, rnd))
                .add("pos", new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, 16, STEPS, rnd))
                .add("block", new TransformerBlock(be, 16, 2, 32, true, 0f, 1, rnd))
                .add("ln", new LayerNorm(be, 16, 1e-5f))
                .output("out", new SoftmaxOutput(be, 16, SYMBOLS + 1, -1, rnd));
        Adam adam = new Adam(be, m.params(), 1e-2f, 0.9f, 0.999f, 1e-8f, 0f, false);
        int[] x = new int[STEPS * BATCH], y = new int[STEPS * BATCH];
        double loss = Double.NaN;
        for (int step = 0; step < 150; step++) {
            for (int b = 0; b < BATCH; b++) {
                int[] seq = new int[STEPS + 1];
                for (int i = 0; i < HALF; i++) seq[i] = seq[HALF + 1 + i] = rnd.nextInt(SYMBOLS);
                seq[HALF] = SEP;
                for (int t = 0; t < STEPS; t++) {
                    x[t * BATCH + b] = seq[t];
                    y[t * BATCH + b] = t >= HALF ? seq[t + 1] : -1;
                }
            }
            m.forward(x, 0, STEPS, BATCH, true);
            m.zeroGrad();
            loss = m.loss(Targets.ids(y, 0), true);
            m.backward();
            adam.step();
        }
        assertTrue(loss < 0.05, "copy loss after training: " + loss);
        Trace trace = m.trace();
        float[] w = trace.get("block.attention.weights").tensor().toHost();
        assertEquals(BATCH * 2 * STEPS * STEPS, w.length, "weights traced as (B, heads, T, T)");
    }
}
