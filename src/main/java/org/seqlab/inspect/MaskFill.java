package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.seqlab.data.Vocabulary;
import org.seqlab.inspect.render.Stack;
import org.seqlab.inspect.render.Table;

/**
 * What a masked LM (BERT) puts at each {@code <mask>} of a text: the softmax distribution its forward pass
 * traced at that position ("output.probs", the row of the mask), its k most likely tokens as bars. The model
 * sees the whole text at once, both sides of every mask; several masks are filled from one pass, each
 * independently of what the others become. {@code <pad>} and {@code <mask>} (never a training target) are
 * left out of the ranking; the probabilities shown are the model's own, unrenormalised.
 *
 * @param tokens the text's tokens, {@code <mask>} where asked
 * @param slots  one per mask, in text order
 * @param chars  whether the tokens are characters (joined without spaces when shown as text)
 */
public record MaskFill(List<String> tokens, List<Slot> slots, boolean chars) {

    /**
     * @param position the mask's token index in the text
     * @param tokens   the k most likely tokens there, most likely first
     * @param probs    their probabilities
     */
    public record Slot(int position, List<String> tokens, double[] probs) {
    }

    static final int BAR = 40;

    public static MaskFill of(TextTrace t, Vocabulary v, int k) {
        TextTrace.Values p = t.get(Surprisal.probsName(t));
        int[] ids = t.ids();
        int mask = v.maskId();
        List<Slot> slots = new ArrayList<>();
        for (int pos = 0; pos < ids.length; pos++) {
            if (ids[pos] != mask) continue;
            int cols = p.cols();
            double[] dist = new double[cols];
            for (int i = 0; i < cols; i++) dist[i] = p.data()[pos * cols + i];
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < cols; i++) {
                String tok = v.token(i);
                if (!tok.equals(Vocabulary.PAD) && !tok.equals(Vocabulary.MASK)) order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -dist[i]).thenComparingInt(i -> i));
            int n = Math.min(k, order.size());
            List<String> top = new ArrayList<>();
            double[] probs = new double[n];
            for (int i = 0; i < n; i++) {
                top.add(v.token(order.get(i)));
                probs[i] = dist[order.get(i)];
            }
            slots.add(new Slot(pos, top, probs));
        }
        if (slots.isEmpty()) throw new InspectException("the text has no <mask> to fill", "e.g. fill \"the boy <mask> the cookie\"");
        return new MaskFill(t.tokens(), slots, v.kind() != org.seqlab.data.TokenKind.WORD);
    }

    /** The text with each mask replaced by its most likely token, the filled ones in [brackets]. */
    public String bestGuess() {
        List<String> out = new ArrayList<>(tokens);
        for (Slot s : slots) out.set(s.position(), "[" + s.tokens().get(0) + "]");
        return chars ? String.join("", out).replace("\n", "\u21b5") : String.join(" ", out.stream().map(NextToken::shown).toList());
    }

    /** One table per mask: rank, token, probability, a bar as long as the probability. */
    public Object picture() {
        List<Object> tables = new ArrayList<>();
        for (int m = 0; m < slots.size(); m++) {
            Slot s = slots.get(m);
            List<List<String>> rows = new ArrayList<>();
            double shown = 0;
            for (int i = 0; i < s.tokens().size(); i++) {
                shown += s.probs()[i];
                int len = (int) Math.round(s.probs()[i] * BAR);
                rows.add(List.of(Integer.toString(i + 1), NextToken.shown(s.tokens().get(i)),
                        String.format(Locale.ROOT, "%.4f", s.probs()[i]), "\u2588".repeat(len) + (len == 0 ? "\u258f" : "")));
            }
            String title = "<mask> " + (m + 1) + " of " + slots.size() + " (token " + (s.position() + 1) + " of " + tokens.size()
                    + "): the " + s.tokens().size() + " most likely";
            List<String> footer = new ArrayList<>();
            footer.add(String.format(Locale.ROOT, "these %d hold %.1f%% of the probability at this <mask>", s.tokens().size(), 100 * shown));
            if (m == slots.size() - 1) footer.add("most likely: " + bestGuess());
            tables.add(new Table(title, List.of("#", "token", "p", ""), rows, footer));
        }
        return tables.size() == 1 ? tables.get(0) : new Stack(tables);
    }
}
