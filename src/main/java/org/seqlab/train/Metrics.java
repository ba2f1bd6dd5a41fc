package org.seqlab.train;

import java.util.Locale;

/**
 * Results of {@code evaluate}: mean loss per target (nats), and where they apply perplexity and bits
 * per token (token targets), accuracy (class targets), mean squared error (regression). NaN = not
 * applicable.
 */
public record Metrics(String split, long targets, double loss, double perplexity, double bitsPerToken, double accuracy,
                      double mse) {

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %,d targets%n", split, targets));
        sb.append(String.format(Locale.ROOT, "  loss            %.4f%n", loss));
        if (!Double.isNaN(perplexity)) sb.append(String.format(Locale.ROOT, "  perplexity      %.3f%n", perplexity));
        if (!Double.isNaN(bitsPerToken)) sb.append(String.format(Locale.ROOT, "  bits per token  %.4f%n", bitsPerToken));
        if (!Double.isNaN(accuracy)) sb.append(String.format(Locale.ROOT, "  accuracy        %.2f%%%n", 100 * accuracy));
        if (!Double.isNaN(mse)) sb.append(String.format(Locale.ROOT, "  mse             %.5f%n", mse));
        return sb.toString();
    }
}
