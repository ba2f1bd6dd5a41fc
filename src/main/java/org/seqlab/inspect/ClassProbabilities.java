package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.seqlab.inspect.render.Table;

/**
 * A many-to-one model's answer for one text: the class probabilities its output traced ("output.probs" of
 * the pass over the whole text; a softmax over the classes, or for a sigmoid output the probability p of
 * the second class, shown as 1 - p and p), sorted, most likely first, as bars.
 *
 * @param context the text's tokens
 * @param labels  class names, most likely first
 * @param probs   their probabilities
 */
public record ClassProbabilities(List<String> context, List<String> labels, double[] probs) {

    static final int BAR = 40;

    /** The probabilities of {@code classes} (index = class id) read from the trace of the text. */
    public static ClassProbabilities of(TextTrace t, List<String> classes) {
        TextTrace.Values p = t.get(Surprisal.probsName(t));
        int row = p.rows() - 1, cols = p.cols();
        double[] dist;
        if (cols == 1) {
            double yes = p.data()[row];
            dist = new double[] {1 - yes, yes};
        } else {
            dist = new double[cols];
            for (int i = 0; i < cols; i++) dist[i] = p.data()[row * cols + i];
        }
        if (dist.length != classes.size()) {
            throw new IllegalArgumentException(dist.length + " probabilities for " + classes.size() + " classes");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < dist.length; i++) order.add(i);
        order.sort(Comparator.comparingDouble((Integer i) -> -dist[i]).thenComparingInt(i -> i));
        List<String> labels = new ArrayList<>();
        double[] probs = new double[dist.length];
        for (int i = 0; i < dist.length; i++) {
            labels.add(classes.get(order.get(i)));
            probs[i] = dist[order.get(i)];
        }
        return new ClassProbabilities(t.tokens(), labels, probs);
    }

    /** One row per class: rank, class, probability, a bar as long as the probability. */
    public Table table() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            int len = (int) Math.round(probs[i] * BAR);
            rows.add(List.of(Integer.toString(i + 1), labels.get(i), String.format(Locale.ROOT, "%.4f", probs[i]),
                    "\u2588".repeat(len) + (len == 0 ? "\u258f" : "")));
        }
        return new Table("classes of '" + String.join(" ", context.stream().map(NextToken::shown).toList()) + "' ("
                + context.size() + " tokens read, one answer for the whole text)", List.of("#", "class", "p", ""), rows,
                List.of("most likely: " + labels.get(0)));
    }
}
