package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.seqlab.inspect.render.Table;

/**
 * What a next-token model expects after a text: the softmax distribution the forward pass traced at the text's
 * last token ("output.probs", row T-1), its k most likely tokens as bars. These are the probabilities greedy
 * decoding, top-k and top-p sampling choose from (at temperature 1).
 *
 * @param context the text's tokens
 * @param tokens  the k most likely next tokens, most likely first
 * @param probs   their probabilities
 * @param entropy of the whole distribution, in nats
 */
public record NextToken(List<String> context, List<String> tokens, double[] probs, double entropy) {

    /** Bar width for a probability of 1. */
    static final int BAR = 40;

    public static NextToken of(TextTrace t, List<String> vocabulary, int k) {
        TextTrace.Values p = t.get(Surprisal.probsName(t));
        int row = t.length() - 1, v = p.cols();
        double[] dist = new double[v];
        double entropy = 0;
        for (int i = 0; i < v; i++) {
            dist[i] = p.data()[row * v + i];
            if (dist[i] > 0) entropy -= dist[i] * Math.log(dist[i]);
        }
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -dist[i]).thenComparingInt(i -> i));
        int n = Math.min(k, v);
        List<String> tokens = new ArrayList<>();
        double[] probs = new double[n];
        for (int i = 0; i < n; i++) {
            tokens.add(vocabulary.get(order[i]));
            probs[i] = dist[order[i]];
        }
        return new NextToken(t.tokens(), tokens, probs, entropy);
    }

    /** A token as a table cell: spaces and line ends made visible. */
    static String shown(String token) {
        return token.replace(" ", "\u2423").replace("\n", "\u21b5").replace("\t", "\u21e5");
    }

    /** One row per token: rank, token, probability and a bar as long as the probability. */
    public Table table() {
        List<List<String>> rows = new ArrayList<>();
        double shown = 0;
        for (int i = 0; i < tokens.size(); i++) {
            shown += probs[i];
            int len = (int) Math.round(probs[i] * BAR);
            rows.add(List.of(Integer.toString(i + 1), shown(tokens.get(i)),
                    String.format(Locale.ROOT, "%.4f", probs[i]), "\u2588".repeat(len) + (len == 0 ? "\u258f" : "")));
        }
        String last = context.isEmpty() ? "" : shown(context.get(context.size() - 1));
        return new Table("next token after '" + last + "' (" + context.size() + " tokens read): the " + tokens.size()
                + " most likely", List.of("#", "token", "p", ""), rows,
                List.of(String.format(Locale.ROOT, "these %d hold %.1f%% of the probability; entropy %.3f nats (perplexity %.2f)",
                        tokens.size(), 100 * shown, entropy, Math.exp(entropy))));
    }
}
