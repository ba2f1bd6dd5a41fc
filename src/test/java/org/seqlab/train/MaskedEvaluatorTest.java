package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.Split;
import org.seqlab.data.TokenKind;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Model;
import org.seqlab.nn.SoftmaxOutput;

/** The masked-token score counts the chosen positions only, and its baseline is the unigram guess. */
class MaskedEvaluatorTest {

    @Test
    void lossAccuracyAndBaselineAreOverTheChosenPositionsOnly() {
        Corpus plain = Corpus.fromText("t", "the cat sat on the mat; a bat ate the hat. ".repeat(5), TokenKind.CHAR, 0.5, 1);
        Corpus c = plain.masked(0.25);
        assertEquals(DataKind.MASKED_TOKEN, c.kind());
        int v = c.vocabulary().size(), mask = c.vocabulary().maskId();
        assertEquals(plain.vocabulary().size(), mask, "<mask> comes after every existing id");
        Backend be = CpuBackends.fast();
        Random rnd = new Random(3);
        Model m = new Model(be).input("embed", new Embedding(be, v, 8, false, rnd)).output("output", new SoftmaxOutput(be, 8, v, -1, rnd));
        int b = 4, t = 24;   // the validation split (110 tokens) gives exactly one batch of 4 x 24
        Metrics r = MaskedEvaluator.evaluate(m, c, Split.VALIDATION, b, t);

        // The same window and the same masks, scored by hand. (B, T) rows as the batcher gives them.
        int[] in = new int[b * t], tg = new int[b * t];
        for (int row = 0; row < b; row++) c.validation().copy(row * ((c.validation().length() - 1) / b), in, row * t, t);
        new MaskedLm(c.vocabulary(), 0.25, MaskedEvaluator.EVAL_SEED).apply(in, tg, b, t, null, 0);
        int[] tin = new int[b * t], ttg = new int[b * t];
        Batches.timeMajor(in, tin, b, t);
        Batches.timeMajor(tg, ttg, b, t);
        m.forward(tin, 0, t, b, false);
        float[] p = m.outputLayer().predictions().toHost();
        int common = MaskedEvaluator.mostFrequent(c.train(), v);
        double chosen = 0, all = 0;
        int n = 0, masked = 0, base = 0;
        for (int i = 0; i < b * t; i++) {
            int truth = ttg[i] >= 0 ? ttg[i] : tin[i];
            all -= Math.log(p[i * v + truth]);
            if (ttg[i] < 0) continue;
            chosen -= Math.log(p[i * v + ttg[i]]);
            n++;
            if (tin[i] == mask) masked++;
            if (ttg[i] == common) base++;
        }
        assertEquals(n, r.targets());
        assertEquals(b * Math.round(0.25 * t), n, "rate 0.25 of each window of 24");
        assertTrue(masked > 0);
        assertEquals(chosen / n, r.loss(), 1e-5);
        assertTrue(Math.abs(all / (b * t) - r.loss()) > 1e-3, "the unchosen positions would change the mean");
        assertEquals((double) base / n, r.baseline(), 1e-12);
        assertEquals(' ', c.vocabulary().token(common).charAt(0));
    }
}
