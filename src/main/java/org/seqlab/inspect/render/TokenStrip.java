package org.seqlab.inspect.render;

import java.util.List;

/**
 * A text with each token coloured by one value: one neuron over a text (as Karpathy's "unreasonable
 * effectiveness" post shows a quote-detecting cell), or the surprisal -log p(token | prefix) of each
 * token. Tokens are shown as they are, joined without spaces when they are single characters (char
 * or byte models) and with one space between otherwise (word models).
 *
 * @param title   shown above the text
 * @param tokens  the tokens in order
 * @param values  one per token
 * @param scale   colour scale; automatic when built without one
 * @param caption a line under the text ("total 23.1 nats, perplexity 3.2"), or ""
 */
public record TokenStrip(String title, List<String> tokens, float[] values, Scale scale, String caption) {

    public TokenStrip {
        if (tokens.size() != values.length) {
            throw new IllegalArgumentException("token strip '" + title + "': " + tokens.size()
                    + " tokens but " + values.length + " values");
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("token strip '" + title + "' has no tokens");
        }
        title = title == null ? "" : title;
        tokens = List.copyOf(tokens);
        values = values.clone();
        scale = scale == null ? Scale.auto(values) : scale;
        caption = caption == null ? "" : caption;
    }

    public TokenStrip(String title, List<String> tokens, float[] values) {
        this(title, tokens, values, null, "");
    }

    /** Surprisal in nats per token on a sequential scale from 0, with total and perplexity below. */
    public static TokenStrip surprisal(String title, List<String> tokens, float[] nats) {
        double total = 0;
        float max = 0;
        for (float v : nats) {
            total += v;
            max = Math.max(max, v);
        }
        double ppl = Math.exp(total / Math.max(1, nats.length));
        String caption = String.format("total %.3f nats over %d tokens, mean %.3f, perplexity %.3f",
                total, nats.length, total / Math.max(1, nats.length), ppl);
        return new TokenStrip(title, tokens, nats, Scale.sequential(0, max > 0 ? max : 1), caption);
    }

    /** True when the tokens are single characters and are shown joined, as the text reads. */
    boolean joined() {
        for (String t : tokens) {
            if (t.codePointCount(0, t.length()) != 1) {
                return false;
            }
        }
        return true;
    }

    /** The strip as a one-row heatmap (for values mode and pictures of very long texts). */
    Heatmap asHeatmap() {
        return new Heatmap(title, new float[][] {values}, List.of("value"), tokens, "", "token", scale, null);
    }
}
