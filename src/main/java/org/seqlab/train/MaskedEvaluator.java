package org.seqlab.train;

import org.seqlab.data.Corpus;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.SentencePairs;
import org.seqlab.data.Split;
import org.seqlab.data.StreamBatcher;
import org.seqlab.data.TokenStream;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;

/**
 * Scores a masked-token model on a split: the split's windows masked with a fixed seed (the same
 * positions for every model and every run, so numbers compare), loss and accuracy at the chosen
 * positions only, and beside them the unigram baseline: how often the most frequent token of the
 * training split is the hidden one. With next-sentence pairs ({@code objective=masked+next_sentence}) the split's
 * sentence pairs are scored instead, and the next-sentence accuracy is reported too.
 */
final class MaskedEvaluator {

    /** Masks of evaluation do not depend on the run's seed. */
    static final long EVAL_SEED = 20_181_011L;

    private MaskedEvaluator() {
    }

    static Metrics evaluate(Model m, Corpus c, Split split, int batch, int seq) {
        return evaluate(m, c, split, batch, seq, 0);
    }

    /** Over at most {@code limit} batches (0: all), the split's first. */
    static Metrics evaluate(Model m, Corpus c, Split split, int batch, int seq, int limit) {
        if (c.nextSentence()) return pairs(m, c, split, batch, seq, limit);
        StreamBatcher sb = StreamBatcher.fitting(c.stream(split), batch, seq);
        MaskedLm masking = new MaskedLm(c.vocabulary(), c.maskRate(), EVAL_SEED);
        int common = mostFrequent(c.train(), c.vocabulary().size());
        int b = sb.batch(), t = sb.seq();
        int[] in = new int[b * t], next = new int[b * t], tg = new int[b * t], tin = new int[b * t], ttg = new int[b * t];
        double sum = 0;
        long n = 0, correct = 0, baseline = 0;
        int batches = Evaluator.limited(sb.batchesPerEpoch(), limit);
        for (int k = 0; k < batches; k++) {
            sb.next(in, next);
            masking.apply(in, tg, b, t, null, k);
            Batches.timeMajor(in, tin, b, t);
            Batches.timeMajor(tg, ttg, b, t);
            for (var r : m.recurrentLayers()) {
                r.prepareState(b);
                r.resetState();
            }
            m.forward(tin, 0, t, b, false);
            int counted = 0;
            for (int id : ttg) {
                if (id >= 0) counted++;
                if (id >= 0 && id == common) baseline++;
            }
            sum += m.loss(Targets.ids(ttg, 0), false) * counted;
            correct += Evaluator.correct(m.outputLayer().logits(), ttg, b * t);
            n += counted;
        }
        double loss = n == 0 ? Double.NaN : sum / n;
        return new Metrics(split.name().toLowerCase(), n, loss, Double.NaN, Double.NaN, (double) correct / n, Double.NaN,
                (double) baseline / n).over(batches, sb.batchesPerEpoch());
    }

    /**
     * BERT's two objectives on a split's sentence pairs ({@link SentencePairs#fillOrdered}: every sentence but the
     * last is an A once, its coin and its masks fixed by the evaluation seed): masked-token loss and accuracy beside
     * the unigram baseline, and next-sentence accuracy; the loss is the sum of the two mean losses, as trained.
     */
    private static Metrics pairs(Model m, Corpus c, Split split, int batch, int seq, int limit) {
        SentencePairs sp = c.pairs(split);
        if (sp == null) {
            return new Metrics(split.name().toLowerCase(), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                    .withNextSentence(Double.NaN);
        }
        MaskedLm masking = new MaskedLm(c.vocabulary(), c.maskRate(), EVAL_SEED);
        int common = mostFrequent(c.train(), c.vocabulary().size());
        int n = sp.orderedPairs(), t = seq, all = (n + batch - 1) / batch;
        int batches = Evaluator.limited(all, limit);
        int[] in = new int[batch * t], seg = new int[batch * t], tg = new int[batch * t], tin = new int[batch * t],
                tseg = new int[batch * t], ttg = new int[batch * t], lengths = new int[batch], labels = new int[batch];
        double mlm = 0, nsp = 0;
        long masked = 0, correct = 0, baseline = 0, pairs = 0, right = 0;
        for (int k = 0; k < batches; k++) {
            int first = k * batch, b = Math.min(batch, n - first);
            sp.fillOrdered(in, seg, lengths, labels, b, t, EVAL_SEED, first);
            masking.apply(in, tg, b, t, lengths, k);
            Batches.timeMajor(in, tin, b, t);
            Batches.timeMajor(tg, ttg, b, t);
            Batches.timeMajor(seg, tseg, b, t);
            for (var r : m.recurrentLayers()) {
                r.prepareState(b);
                r.resetState();
            }
            m.segments(tseg);
            m.forward(tin, 0, t, b, lengths, false);
            int counted = 0;
            for (int i = 0; i < b * t; i++) {
                if (ttg[i] >= 0) counted++;
                if (ttg[i] >= 0 && ttg[i] == common) baseline++;
            }
            mlm += m.loss(Targets.ids(ttg, 0), false) * counted;
            correct += Evaluator.correct(m.outputLayer().logits(), ttg, b * t);
            masked += counted;
            int[] lab = java.util.Arrays.copyOf(labels, b);
            nsp += m.nextSentence().loss(lab, false) * b;
            right += m.nextSentence().correct(lab);
            pairs += b;
        }
        m.segments(null);
        double loss = masked == 0 || pairs == 0 ? Double.NaN : mlm / masked + nsp / pairs;
        return new Metrics(split.name().toLowerCase(), masked, loss, Double.NaN, Double.NaN, (double) correct / masked, Double.NaN,
                (double) baseline / masked).over(batches, all).withNextSentence((double) right / pairs);
    }

    /** The id that occurs most often in {@code stream} (the lowest such id on a tie). */
    static int mostFrequent(TokenStream stream, int vocabulary) {
        long[] counts = new long[vocabulary];
        for (int i = 0; i < stream.length(); i++) counts[stream.get(i)]++;
        int best = 0;
        for (int id = 1; id < vocabulary; id++) if (counts[id] > counts[best]) best = id;
        return best;
    }
}
