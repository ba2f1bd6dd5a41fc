package org.seqlab.inspect;

import java.util.List;
import java.util.Locale;
import org.seqlab.inspect.render.Scale;
import org.seqlab.inspect.render.TokenStrip;

/**
 * How surprised a next-token model is by each token of a text: -log p(token_t | token_0 .. token_t-1) in
 * nats, read from the softmax probabilities the forward pass traced ("output.probs"). The first token has
 * no prefix and the model is not asked about it: its surprisal is NaN (drawn grey) and it counts in
 * neither the total nor the perplexity. So the mean over the other tokens is exactly the cross-entropy
 * loss the model gets when evaluated on the same text (inputs token_0 .. token_T-2, targets token_1 ..
 * token_T-1).
 *
 * @param tokens  the text's tokens
 * @param nats    one per token, NaN for the first
 * @param total   sum over the predicted tokens
 * @param counted how many tokens were predicted (T - 1)
 */
public record Surprisal(List<String> tokens, float[] nats, double total, int counted) {

    public static Surprisal of(TextTrace t) {
        String probs = probsName(t);
        if (t.length() < 2) {
            throw new InspectException("surprisal needs at least two tokens: the first one has no prefix to predict it from");
        }
        TextTrace.Values p = t.get(probs);
        int[] ids = t.ids();
        float[] nats = new float[ids.length];
        nats[0] = Float.NaN;
        double total = 0;
        for (int i = 1; i < ids.length; i++) {
            double prob = p.data()[(i - 1) * p.cols() + ids[i]];
            nats[i] = (float) -Math.log(prob);
            total += -Math.log(prob);
        }
        return new Surprisal(t.tokens(), nats, total, ids.length - 1);
    }

    /** The traced softmax probabilities (T, 1, vocabulary) of a next-token model. */
    static String probsName(TextTrace t) {
        for (String n : t.names()) if (n.endsWith(".probs")) return n;
        throw new InspectException("surprisal needs a model whose output is softmax over the next token");
    }

    public double mean() {
        return total / counted;
    }

    public double perplexity() {
        return Math.exp(mean());
    }

    /** The text coloured by surprisal (0 .. the largest), with total, mean and perplexity under it. */
    public TokenStrip strip() {
        float max = 0;
        for (float v : nats) if (Float.isFinite(v)) max = Math.max(max, v);
        String caption = String.format(Locale.ROOT,
                "total %.4f nats over %d predicted tokens (the first has no prefix), mean %.4f, perplexity %.4f",
                total, counted, mean(), perplexity());
        return new TokenStrip("surprisal -log p(token | prefix), nats", tokens, nats,
                Scale.sequential(0, max > 0 ? max : 1), caption);
    }
}
