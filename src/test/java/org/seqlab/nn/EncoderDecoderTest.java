package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.train.optim.Adam;

/** The seq2seq container: gradients through decoder, attention, the state bridge and the encoder; reversal learned. */
class EncoderDecoderTest {
    private static EncoderDecoder model(Backend be, CrossAttention.Kind kind, int vocab, Random rnd) {
        return model(be, kind, vocab, false, rnd);
    }

    private static EncoderDecoder model(Backend be, CrossAttention.Kind kind, int vocab, boolean bi, Random rnd) {
        Model enc = new Model(be).input("embed", new Embedding(be, vocab, 8, false, rnd)).add("rnn", new Lstm(be, 8, 16, 1, bi, 0f, 0f, rnd));
        Model dec = new Model(be).input("embed", new Embedding(be, vocab, 8, false, rnd)).add("rnn", new Lstm(be, 8, 16, 1, false, 0f, 0f, rnd));
        int encWidth = bi ? 32 : 16;
        if (kind != null) dec.add("attention", new CrossAttention(be, kind, 16, encWidth, 0, rnd));
        dec.output("out", new SoftmaxOutput(be, kind == null ? 16 : 16 + encWidth, vocab, -100, rnd));
        return new EncoderDecoder(enc, dec);
    }

    @Test void gradientsReachTheEncoderThroughAttentionAndState() {
        checkEncoderGradients(CrossAttention.Kind.ADDITIVE, false);
        checkEncoderGradients(CrossAttention.Kind.DOT, true);
        checkEncoderGradients(null, true);
    }

    private void checkEncoderGradients(CrossAttention.Kind kind, boolean bi) {
        Backend be = CpuBackends.reference();
        Random rnd = new Random(2);
        EncoderDecoder m = model(be, kind, 5, bi, rnd);
        int[] src = {1, 2, 3, 4, 0, 2, 4, 1}, tgtIn = {0, 0, 4, 1, 3, 2}, tgt = {4, 1, 3, 2, 2, 3};
        int[] lengths = {4, 3};
        DoubleSupplier loss = () -> { m.forward(src, 0, 4, lengths, tgtIn, 0, 3, 2, false); return m.loss(Targets.ids(tgt, 0), false); };
        m.zeroGrad();
        m.forward(src, 0, 4, lengths, tgtIn, 0, 3, 2, false);
        m.loss(Targets.ids(tgt, 0), true);
        m.backward();
        for (Param p : m.params()) {
            if (!p.name().startsWith("encoder.")) continue;
            float[] v = p.value().toHost(), g = p.grad().toHost();
            for (int k = 0; k < 4; k++) {
                int i = (k * 7919) % v.length;
                float keep = v[i];
                v[i] = keep + 1e-2f; p.value().copyFromHost(v);
                double up = loss.getAsDouble();
                v[i] = keep - 1e-2f; p.value().copyFromHost(v);
                double down = loss.getAsDouble();
                v[i] = keep; p.value().copyFromHost(v);
                double fd = (up - down) / 2e-2;
                assertEquals(fd, g[i], 2e-2 * Math.abs(g[i]) + 2e-3, p.name() + "[" + i + "]");
            }
        }
        if (kind != null) assertTrue(m.trace().has("decoder.attention.attention.weights"), m.trace().names().toString());
    }

    @Test void attentionLearnsToReverse() {
        Backend be = CpuBackends.fast();
        be.setThreads(1);
        Random rnd = new Random(4);
        int symbols = 6, bos = symbols, len = 5, batch = 32;
        EncoderDecoder m = model(be, CrossAttention.Kind.DOT, symbols + 1, rnd);
        Adam adam = new Adam(be, m.params(), 1e-2f, 0.9f, 0.999f, 1e-8f, 0f, false);
        int[] src = new int[len * batch], tgtIn = new int[len * batch], tgt = new int[len * batch];
        for (int step = 0; step < 300; step++) {
            fill(rnd, symbols, bos, len, batch, src, tgtIn, tgt);
            m.zeroGrad();
            m.forward(src, 0, len, null, tgtIn, 0, len, batch, true);
            m.loss(Targets.ids(tgt, 0), true);
            m.backward();
            adam.step();
        }
        fill(rnd, symbols, bos, len, batch, src, tgtIn, tgt);
        int[] out = m.greedy(src, 0, len, null, batch, bos, -1, len);
        int exact = 0;
        for (int b = 0; b < batch; b++) {
            boolean ok = true;
            for (int t = 0; t < len; t++) ok &= out[t * batch + b] == tgt[t * batch + b];
            if (ok) exact++;
        }
        assertTrue(exact >= batch * 0.9, "exactly reversed: " + exact + " of " + batch);
    }

    private static void fill(Random rnd, int symbols, int bos, int len, int batch, int[] src, int[] tgtIn, int[] tgt) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) src[t * batch + b] = rnd.nextInt(symbols);
            for (int t = 0; t < len; t++) {
                tgt[t * batch + b] = src[(len - 1 - t) * batch + b];
                tgtIn[t * batch + b] = t == 0 ? bos : tgt[(t - 1) * batch + b];
            }
        }
    }
}
