package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Attention weights of one layer: for each head a queries x keys matrix whose rows sum to 1. Queries
 * and keys are the same tokens for self-attention, source and target tokens for cross-attention.
 * The terminal, PNG and SVG show it as a grid of heatmaps (query rows, key columns); the HTML file
 * as a BertViz-like head view with heads selectable and weights on hover.
 *
 * @param title     shown above the picture ("attention layer 2")
 * @param queries   one label per query position (rows)
 * @param keys      one label per key position (columns)
 * @param headNames one per head ("head 0" ...)
 * @param weights   per head, queries x keys
 */
public record AttentionMap(String title, List<String> queries, List<String> keys, List<String> headNames,
                           List<float[][]> weights) {

    public AttentionMap {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("attention '" + title + "' has no heads");
        }
        if (headNames.size() != weights.size()) {
            throw new IllegalArgumentException("attention '" + title + "': " + headNames.size()
                    + " head names for " + weights.size() + " heads");
        }
        List<float[][]> copy = new ArrayList<>();
        for (int h = 0; h < weights.size(); h++) {
            float[][] w = weights.get(h);
            if (w.length != queries.size()) {
                throw new IllegalArgumentException("attention '" + title + "' head " + headNames.get(h)
                        + ": " + w.length + " rows for " + queries.size() + " queries");
            }
            float[][] c = new float[w.length][];
            for (int q = 0; q < w.length; q++) {
                if (w[q].length != keys.size()) {
                    throw new IllegalArgumentException("attention '" + title + "' head " + headNames.get(h)
                            + ": row " + q + " has " + w[q].length + " weights for " + keys.size() + " keys");
                }
                c[q] = w[q].clone();
            }
            copy.add(c);
        }
        title = title == null ? "" : title;
        queries = List.copyOf(queries);
        keys = List.copyOf(keys);
        headNames = List.copyOf(headNames);
        weights = List.copyOf(copy);
    }

    /** Self-attention over one text, heads named "head 0", "head 1", .... */
    public static AttentionMap self(String title, List<String> tokens, List<float[][]> weights) {
        List<String> names = new ArrayList<>();
        for (int h = 0; h < weights.size(); h++) {
            names.add("head " + h);
        }
        return new AttentionMap(title, tokens, tokens, names, weights);
    }

    /** One heatmap per head on the probability scale [0, 1]: query rows, key columns. */
    public HeatmapGrid toGrid() {
        List<Heatmap> panels = new ArrayList<>();
        for (int h = 0; h < weights.size(); h++) {
            panels.add(new Heatmap(headNames.get(h), weights.get(h), queries, keys, "query", "key",
                    Scale.sequential(0, 1), null));
        }
        return new HeatmapGrid(title, panels);
    }
}
