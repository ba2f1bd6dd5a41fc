package org.seqlab.train;

import org.seqlab.data.ExampleBatch;
import org.seqlab.data.ExampleBatcher;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Targets;

/**
 * An encoder-decoder's evaluation (teacher-forced loss, token and exact-sequence accuracy; validation during
 * training scores a sample of it) and greedy translation. It trains through the one {@link Trainer} loop with
 * {@link Seq2SeqFeed}.
 */
public final class Seq2SeqEval {

    private Seq2SeqEval() {
    }

    /** Teacher-forced loss and token accuracy, and exact-sequence accuracy of greedy decoding (through {@code <eos>}). */
    public record Scores(long sequences, double loss, double tokenAccuracy, double exactAccuracy, int batches, int splitBatches) {
        public String format() {
            return String.format(java.util.Locale.ROOT, "loss %.4f, token accuracy %.2f%%, exact-sequence accuracy %.2f%% (%d held-out sequences)%n",
                    loss, 100 * tokenAccuracy, 100 * exactAccuracy, sequences);
        }
    }

    public static Scores evaluate(EncoderDecoder m, ExampleSet data, Split split, int batch) {
        return evaluate(m, data, split, batch, 0);
    }

    /** Over at most {@code limit} batches of the split, its first (0: all of them). */
    public static Scores evaluate(EncoderDecoder m, ExampleSet data, Split split, int batch, int limit) {
        Vocabulary v = data.vocabulary();
        int bos = v.id(Vocabulary.BOS), eos = v.id(Vocabulary.EOS);
        ExampleBatcher eb = new ExampleBatcher(data, split, batch, false, 0, false);
        ExampleBatch b = eb.newBatch();
        Seq2SeqBatch s = new Seq2SeqBatch();
        double lossSum = 0;
        long tokens = 0, rightTokens = 0, seqs = 0, rightSeqs = 0;
        int batches = Evaluator.limited(eb.batchesPerEpoch(), limit);
        for (int k = 0; k < batches; k++) {
            eb.next(b);
            s.fill(b, eb.batch());
            m.forward(s.src, 0, s.time, s.lengths, s.decIn, 0, s.targetTime, s.targetLengths, s.batch, false);
            int counted = 0;
            for (int i = 0; i < s.batch * s.targetTime; i++) if (s.decTarget[i] >= 0) counted++;
            lossSum += m.loss(Targets.ids(s.decTarget, 0), false) * counted;
            tokens += counted;
            rightTokens += Evaluator.correct(m.decoder().outputLayer().logits(), s.decTarget, s.batch * s.targetTime);
            int[] out = m.greedy(s.src, 0, s.time, s.lengths, s.batch, bos, eos, s.targetTime);
            for (int r = 0; r < b.size; r++) {
                boolean same = true;
                for (int t = 0; t < b.targetLengths[r] && same; t++) same = out[t * s.batch + r] == s.decTarget[t * s.batch + r];
                seqs++;
                if (same) rightSeqs++;
            }
        }
        return new Scores(seqs, tokens == 0 ? Double.NaN : lossSum / tokens, tokens == 0 ? Double.NaN : (double) rightTokens / tokens,
                seqs == 0 ? Double.NaN : (double) rightSeqs / seqs, batches, eb.batchesPerEpoch());
    }

    /** Greedy translation of one source sequence; the output stops before {@code <eos>} (at most maxSteps tokens). */
    public static int[] translate(EncoderDecoder m, int[] src, int bos, int eos, int maxSteps) {
        int[] out = m.greedy(src, 0, src.length, new int[] {src.length}, 1, bos, eos, maxSteps);
        int n = 0;
        while (n < out.length && out[n] != eos) n++;
        return java.util.Arrays.copyOf(out, n);
    }
}
