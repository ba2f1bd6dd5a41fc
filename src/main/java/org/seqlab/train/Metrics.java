package org.seqlab.train;

import java.util.Locale;

/**
 * Results of {@code evaluate}: mean loss per target (nats), and where they apply perplexity and bits
 * per token (token targets), accuracy (class targets), mean squared error (regression), and for a
 * masked-token model the unigram baseline's accuracy (always the most frequent training token) on the
 * same masked positions, and for BERT's pairs the next-sentence accuracy (chance is 50%; the loss is then the sum of
 * the masked-token loss and the next-sentence loss, as trained). NaN = not applicable. {@code batches} of the split's {@code splitBatches} were scored: all of
 * them for {@code evaluate}, at most {@code val_batches} for a validation during training (then a sample).
 */
public record Metrics(String split, long targets, double loss, double perplexity, double bitsPerToken, double accuracy,
                      double mse, double baseline, int batches, int splitBatches, double nextSentence) {

    public Metrics(String split, long targets, double loss, double perplexity, double bitsPerToken, double accuracy,
                   double mse, double baseline, int batches, int splitBatches) {
        this(split, targets, loss, perplexity, bitsPerToken, accuracy, mse, baseline, batches, splitBatches, Double.NaN);
    }

    public Metrics(String split, long targets, double loss, double perplexity, double bitsPerToken, double accuracy,
                   double mse, double baseline) {
        this(split, targets, loss, perplexity, bitsPerToken, accuracy, mse, baseline, 0, 0);
    }

    /** The same numbers, said to come from {@code batches} of the split's {@code of}. */
    public Metrics over(int batches, int of) {
        return new Metrics(split, targets, loss, perplexity, bitsPerToken, accuracy, mse, baseline, batches, of, nextSentence);
    }

    /** The same numbers with the next-sentence accuracy of BERT's pairs (objective=masked+next_sentence). */
    public Metrics withNextSentence(double accuracy) {
        return new Metrics(split, targets, loss, perplexity, bitsPerToken, this.accuracy, mse, baseline, batches, splitBatches, accuracy);
    }

    /** Whether only part of the split was scored. */
    public boolean sampled() {
        return batches < splitBatches;
    }

    public Metrics(String split, long targets, double loss, double perplexity, double bitsPerToken, double accuracy,
                   double mse) {
        this(split, targets, loss, perplexity, bitsPerToken, accuracy, mse, Double.NaN);
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        boolean masked = !Double.isNaN(baseline);
        sb.append(String.format(Locale.ROOT, "%s: %,d %stargets%n", split, targets, masked ? "masked " : ""));
        sb.append(String.format(Locale.ROOT, "  loss            %.4f%n", loss));
        if (!Double.isNaN(perplexity)) sb.append(String.format(Locale.ROOT, "  perplexity      %.3f%n", perplexity));
        if (!Double.isNaN(bitsPerToken)) sb.append(String.format(Locale.ROOT, "  bits per token  %.4f%n", bitsPerToken));
        if (!Double.isNaN(accuracy)) sb.append(String.format(Locale.ROOT, "  accuracy        %.2f%%%n", 100 * accuracy));
        if (masked) {
            sb.append(String.format(Locale.ROOT, "  baseline        %.2f%%  (unigram: always the most frequent training token)%n",
                    100 * baseline));
        }
        if (!Double.isNaN(nextSentence)) {
            sb.append(String.format(Locale.ROOT, "  next sentence   %.2f%%  (chance: 50.00%%, half the pairs are IsNext)%n", 100 * nextSentence));
        }
        if (!Double.isNaN(mse)) sb.append(String.format(Locale.ROOT, "  mse             %.5f%n", mse));
        return sb.toString();
    }
}
