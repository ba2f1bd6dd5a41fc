package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.inspect.render.AttentionMap;

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

    /** The tokens when there is one per position, else the positions (never a mislabelled axis). */
    private static List<String> labels(List<String> tokens, int n) {
        if (n == tokens.size()) return tokens;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Integer.toString(i));
        return out;
    }
}
