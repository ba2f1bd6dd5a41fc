package org.seqlab.train;

import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleBatch;
import org.seqlab.data.ExampleBatcher;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.data.StreamBatcher;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Tensor;

/**
 * Scores a model on a split without changing it: corpora in contiguous streams from a zero state
 * (carried across batches as in training), example sets batch by batch. The model's carried training
 * state is put back afterwards, so validation in the middle of an epoch does not disturb training.
 * A limit scores only the split's first batches (a validation's bounded cost): for corpora the first windows of
 * the B streams, which start spread over the whole split; for example sets the first rows in the split's order;
 * the same batches every time, so validations during a run compare.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** Over the whole split. */
    public static Metrics evaluate(Model m, DataKind kind, LayerSpec.OutputKind output, Dataset data, Split split,
                                   int batch, int seq) {
        return evaluate(m, kind, output, data, split, batch, seq, 0);
    }

    /** Over at most {@code limit} batches of the split (0: all of them). */
    public static Metrics evaluate(Model m, DataKind kind, LayerSpec.OutputKind output, Dataset data, Split split,
                                   int batch, int seq, int limit) {
        RecurrentState saved = RecurrentState.take(m);
        try {
            if (data instanceof Corpus c && c.kind() == DataKind.MASKED_TOKEN) return MaskedEvaluator.evaluate(m, c, split, batch, seq, limit);
            return data instanceof Corpus c ? corpus(m, c, split, batch, seq, limit)
                    : examples(m, kind, output, (ExampleSet) data, split, batch, limit);
        } finally {
            saved.restore(m);
        }
    }

    /** How many of {@code available} batches a limit lets through (0: all). */
    static int limited(int available, int limit) {
        return limit > 0 ? Math.min(limit, available) : available;
    }

    private static Metrics corpus(Model m, Corpus c, Split split, int batch, int seq, int limit) {
        StreamBatcher sb = StreamBatcher.fitting(c.stream(split), batch, seq);
        int b = sb.batch(), t = sb.seq();
        int[] in = new int[b * t], tg = new int[b * t], tin = new int[b * t], ttg = new int[b * t];
        for (var r : m.recurrentLayers()) {
            r.prepareState(b);
            r.resetState();
        }
        double sum = 0;
        long n = 0, correct = 0;
        int batches = limited(sb.batchesPerEpoch(), limit);
        for (int k = 0; k < batches; k++) {
            sb.next(in, tg);
            Batches.timeMajor(in, tin, b, t);
            Batches.timeMajor(tg, ttg, b, t);
            m.forward(tin, 0, t, b, false);
            sum += m.loss(Targets.ids(ttg, 0), false) * (b * t);
            correct += correct(m.outputLayer().logits(), ttg, b * t);
            n += (long) b * t;
            m.carryState();
        }
        double loss = sum / n;
        return new Metrics(split.name().toLowerCase(), n, loss, Math.exp(loss), loss / Math.log(2), (double) correct / n, Double.NaN)
                .over(batches, sb.batchesPerEpoch());
    }

    private static Metrics examples(Model m, DataKind kind, LayerSpec.OutputKind output, ExampleSet set, Split split, int batch,
                                    int limit) {
        ExampleBatcher eb = new ExampleBatcher(set, split, batch, false, 0, false);
        ExampleBatch b = eb.newBatch();
        ExampleFeed feed = new ExampleFeed(m, kind, output);
        double sum = 0;
        long n = 0, correct = 0;
        int batches = limited(eb.batchesPerEpoch(), limit);
        for (int k = 0; k < batches; k++) {
            eb.next(b);
            Targets tg = feed.forward(b, false);
            double loss = m.loss(tg, false);
            int rows = tg.ids() != null ? (kind == DataKind.CLASSIFICATION ? b.size : b.size * b.time) : tg.values().size();
            int counted = ExampleFeed.counted(tg, rows);
            sum += loss * counted;
            n += counted;
            if (tg.ids() != null) correct += correct(m.outputLayer().logits(), tg.ids(), rows);
            else if (kind == DataKind.CLASSIFICATION) correct += binaryCorrect(m.outputLayer().logits(), tg.values());
        }
        double loss = n == 0 ? Double.NaN : sum / n;
        boolean tokens = kind == DataKind.NEXT_TOKEN || kind == DataKind.SEQUENCE_LABELLING;
        boolean classes = kind != DataKind.REGRESSION;
        return new Metrics(split.name().toLowerCase(), n, loss, tokens ? Math.exp(loss) : Double.NaN,
                tokens ? loss / Math.log(2) : Double.NaN, classes ? (double) correct / n : Double.NaN,
                kind == DataKind.REGRESSION ? loss : Double.NaN).over(batches, eb.batchesPerEpoch());
    }

    /** Rows whose largest logit is the target (rows with target -1 do not count). */
    static long correct(Tensor logits, int[] targets, int rows) {
        float[] z = logits.toHost();
        int v = logits.cols();
        long c = 0;
        for (int r = 0; r < rows; r++) {
            if (targets[r] < 0) continue;
            int best = 0;
            for (int j = 1; j < v; j++) if (z[r * v + j] > z[r * v + best]) best = j;
            if (best == targets[r]) c++;
        }
        return c;
    }

    private static long binaryCorrect(Tensor logits, Tensor values) {
        float[] z = logits.toHost(), y = values.toHost();
        long c = 0;
        for (int i = 0; i < z.length; i++) if ((z[i] > 0) == (y[i] > 0.5f)) c++;
        return c;
    }
}
