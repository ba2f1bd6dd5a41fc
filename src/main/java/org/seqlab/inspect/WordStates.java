package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.data.Vocabulary;
import org.seqlab.inspect.render.Table;
import org.seqlab.nn.Model;

/**
 * Elman's (1990) analysis: each word's mean hidden state over a stretch of text (one forward pass, read
 * from the trace), then each word's nearest words by the cosine similarity of those means. Where the data
 * know each word's category ("noun.human", "verb.eat"), the table shows it and the footer says how often a
 * word's neighbours share its coarse class (noun, verb), next to what chance would give.
 */
public final class WordStates {

    private WordStates() {
    }

    /**
     * @param ids        the text as token ids (one sequence, read from a zero state)
     * @param categories token -> category, or empty
     */
    public static Table nearest(Model m, Vocabulary v, int[] ids, RecurrentLayer l, int k, Map<String, String> categories) {
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(v.token(id));
        float[][] h = StateMaps.units(TextTrace.of(m, ids, tokens), l, "hidden");
        int units = l.units();
        float[][] sum = new float[v.size()][units];
        int[] count = new int[v.size()];
        for (int t = 0; t < ids.length; t++) {
            count[ids[t]]++;
            for (int u = 0; u < units; u++) sum[ids[t]][u] += h[t][u];
        }
        List<Integer> words = new ArrayList<>();
        for (int id = 0; id < v.size(); id++) {
            if (count[id] == 0 || Vocabulary.isSpecial(v.token(id))) continue;
            for (int u = 0; u < units; u++) sum[id][u] /= count[id];
            words.add(id);
        }
        if (words.size() < 2) throw new InspectException("the text has fewer than two different words to compare");
        List<List<String>> rows = new ArrayList<>();
        int same = 0, asked = 0;
        double chance = 0;
        for (int w : words) {
            List<Integer> others = new ArrayList<>(words);
            others.remove(Integer.valueOf(w));
            others.sort((a, b) -> Double.compare(EmbeddingSpace.cosine(sum[w], sum[b]), EmbeddingSpace.cosine(sum[w], sum[a])));
            List<Integer> near = others.subList(0, Math.min(k, others.size()));
            StringBuilder sb = new StringBuilder();
            String cls = coarse(categories.get(v.token(w)));
            for (int n : near) {
                sb.append(sb.length() == 0 ? "" : " ").append(EmbeddingSpace.shown(v.token(n)));
                if (cls != null && coarse(categories.get(v.token(n))) != null) {
                    asked++;
                    if (cls.equals(coarse(categories.get(v.token(n))))) same++;
                }
            }
            if (cls != null) chance += sameClassShare(cls, w, others, v, categories);
            String cat = categories.getOrDefault(v.token(w), "");
            rows.add(List.of(EmbeddingSpace.shown(v.token(w)), cat, Integer.toString(count[w]), sb.toString()));
        }
        List<String> footer = new ArrayList<>();
        long classed = words.stream().filter(w -> coarse(categories.get(v.token(w))) != null).count();
        if (asked > 0) {
            footer.add(String.format(Locale.ROOT, "neighbours in the same class (noun/verb ...): %.0f%% of %d; chance: %.0f%%",
                    100.0 * same / asked, asked, 100.0 * chance / classed));
        }
        String title = "nearest words by mean hidden state, layer " + l.number() + " (" + l.name() + "), over "
                + ids.length + " tokens";
        return new Table(title, List.of("word", "category", "seen", "nearest " + k), rows, footer);
    }

    /** The coarse class of a category ("noun" of "noun.human"), or null. */
    static String coarse(String category) {
        if (category == null || category.isEmpty()) return null;
        int dot = category.indexOf('.');
        return dot < 0 ? category : category.substring(0, dot);
    }

    private static double sameClassShare(String cls, int w, List<Integer> others, Vocabulary v, Map<String, String> categories) {
        int n = 0, same = 0;
        for (int o : others) {
            String c = coarse(categories.get(v.token(o)));
            if (c == null) continue;
            n++;
            if (c.equals(cls)) same++;
        }
        return n == 0 ? 0 : (double) same / n;
    }
}
