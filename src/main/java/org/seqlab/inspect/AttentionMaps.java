package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.inspect.render.AttentionMap;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.HeatmapGrid;

/**
 * Attention weights read from a {@link TextTrace}: every attention layer traces "LAYER.attention.weights"
 * shaped (B*heads, T_query, T_key) (or (B, heads, T_query, T_key)), each row a softmax over the keys. For
 * a batch of one the leading dimension is the head. {@code layer=N} counts the attention layers in model
 * order from 1; heads are numbered from 1 as well ({@code head=1} is the first).
 *
 * <p>In an encoder-decoder trace the encoder's layers come first, then the decoder's; the decoder's
 * encoder attention is a target x source map (rows: the decoder's steps, labelled by the tokens they
 * produced; columns: the source tokens), the alignment pictures of Bahdanau et al.
 */
public final class AttentionMaps {
    static final String SUFFIX = ".attention.weights";

    private AttentionMaps() {
    }

    /** The traced attention layers in model order (their trace names). */
    public static List<String> layers(TextTrace t) {
        List<String> out = new ArrayList<>();
        for (String n : t.names()) if (n.endsWith(SUFFIX)) out.add(n);
        return out;
    }

    /**
     * Layer {@code layer}'s weights, all heads ({@code head} {@link #ALL}) or one ({@code head} 1-based).
     * Self-attention over the text labels both axes with its tokens, the decoder's with its targets;
     * cross-attention labels rows by the targets and columns by the source tokens.
     */
    public static final int ALL = 0;

    public static AttentionMap of(TextTrace t, int layer, int head) {
        List<String> names = layers(t);
        if (names.isEmpty()) {
            throw new InspectException("the model has no attention layer", "add one: attention heads=4 causal");
        }
        if (layer < 1 || layer > names.size()) {
            throw new InspectException("layer=" + layer + " is not there: the model has " + names.size() + " attention layer"
                    + (names.size() == 1 ? "" : "s"), "use layer=1" + (names.size() == 1 ? "" : " .. layer=" + names.size()));
        }
        String name = names.get(layer - 1);
        TextTrace.Values v = t.get(name);
        int[] d = v.dims();
        int queries = d[d.length - 2], keys = d[d.length - 1];
        int heads = v.rows() / queries;
        if (head < 0 || head > heads) {
            throw new InspectException("head=" + head + " is not there: layer " + layer + " has " + heads + " head"
                    + (heads == 1 ? "" : "s"), "use head=1 .. head=" + heads + " or head=all");
        }
        List<float[][]> weights = new ArrayList<>();
        List<String> headNames = new ArrayList<>();
        for (int h = head == 0 ? 0 : head - 1; h < (head == 0 ? heads : head); h++) {
            float[][] w = new float[queries][];
            for (int q = 0; q < queries; q++) w[q] = v.row(h * queries + q);
            weights.add(w);
            headNames.add("head " + (h + 1));
        }
        String layerName = name.substring(0, name.length() - SUFFIX.length());
        boolean cross = t.isCross(name);
        String title = (cross ? "cross-attention" : "attention") + ", layer " + layer + " (" + layerName + ")"
                + (head == 0 ? "" : ", head " + head) + (cross ? "; rows: output tokens, columns: source tokens" : "");
        List<String> rowTokens = name.startsWith("decoder.") && !t.targets().isEmpty() ? t.targets() : t.tokens();
        List<String> keyTokens = cross ? t.tokens() : rowTokens;
        return new AttentionMap(title, labels(rowTokens, queries), labels(keyTokens, keys), headNames, weights);
    }

    /**
     * What layer {@code layer}'s attention computed before its weights, per head: {@code scores} (q.k / sqrt(d), before
     * the mask and the softmax; rows: queries, columns: keys), or the projected {@code queries}, {@code keys} or
     * {@code values} (one column per token, one row per dimension of the head).
     */
    public static HeatmapGrid internals(TextTrace t, int layer, int head, String show) {
        AttentionMap weights = of(t, layer, head);
        String name = layers(t).get(layer - 1);
        String base = name.substring(0, name.length() - SUFFIX.length()) + ".attention.";
        if (!t.has(base + "keys") || !t.has(base + show)) {
            throw new InspectException("this attention layer does not trace its " + show, "show=weights works on every attention layer");
        }
        TextTrace.Values keys = t.get(base + "keys");
        int headDim = keys.cols();
        List<String> rows = weights.queries(), cols = weights.keys();
        int heads = t.get(name).rows() / rows.size();
        List<Heatmap> panels = new ArrayList<>();
        for (int h = head == ALL ? 0 : head - 1; h < (head == ALL ? heads : head); h++) {
            if (show.equals("scores")) {
                TextTrace.Values s = t.get(base + "scores");
                float scale = (float) (1 / Math.sqrt(headDim));
                float[][] m = new float[rows.size()][];
                for (int q = 0; q < rows.size(); q++) {
                    m[q] = s.row(h * rows.size() + q);
                    for (int k = 0; k < m[q].length; k++) m[q][k] *= scale;
                }
                panels.add(new Heatmap("head " + (h + 1) + " scores q.k/sqrt(" + headDim + ")", m, rows, cols)
                        .withAxes("query", "key"));
            } else {
                TextTrace.Values x = t.get(base + show);
                int steps = x.rows() / heads;
                float[][] perToken = new float[steps][];
                for (int s = 0; s < steps; s++) perToken[s] = x.row(h * steps + s);
                List<String> labels = show.equals("queries") ? rows : cols;
                panels.add(Heatmap.fromTokensByUnits("head " + (h + 1) + " " + show, perToken, labels.size() == steps ? labels
                        : labels(List.of(), steps)));
            }
        }
        String title = show + " of attention layer " + layer + " (" + name.substring(0, name.length() - SUFFIX.length()) + ")"
                + (show.equals("scores") ? ", before the mask and the softmax" : ", projected per head");
        return new HeatmapGrid(title, panels);
    }

    /** The tokens when there is one per position, else the positions (never a mislabelled axis). */
    private static List<String> labels(List<String> tokens, int n) {
        if (n == tokens.size()) return tokens;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Integer.toString(i));
        return out;
    }
}
