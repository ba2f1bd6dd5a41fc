package org.seqlab.inspect;

import java.util.Locale;
import org.seqlab.backend.Backend;
import org.seqlab.data.TokenStream;
import org.seqlab.data.Vocabulary;
import org.seqlab.tensor.Tensor;

/**
 * Count-based word vectors, the lecture's "words as vectors" before any training ({@code vectors cooc = counts of
 * elman window=2 ppmi dim=20}): each word's row of co-occurrence counts with every word within {@code window}
 * tokens on either side (a symmetric window, every neighbour counting 1, across sentence ends: "." is a word
 * like any other); optionally PPMI, max(0, log(P(w, c) / (P(w) P(c)))) with the probabilities estimated from the
 * counts; optionally a truncated SVD, X = U S V^T, keeping each word's row of U S in the first {@code dim}
 * dimensions (so dot products, and cosines, are those of the best rank-dim approximation of X).
 */
public final class CountVectors {

    /** The V x V table is dense: beyond this many tokens it would not fit comfortably. */
    public static final int MAX_VOCABULARY = 6000;

    private final Vocabulary vocabulary;
    private final double[][] weights;
    private final float[] singular;
    private final float[][] vectors;
    private final String how;

    private CountVectors(Vocabulary vocabulary, double[][] weights, float[] singular, float[][] vectors, String how) {
        this.vocabulary = vocabulary;
        this.weights = weights;
        this.singular = singular;
        this.vectors = vectors;
        this.how = how;
    }

    /**
     * The vectors of {@code stream}'s tokens over {@code vocabulary}; {@code dim} 0 keeps the full rows. The SVD runs
     * on {@code be}.
     */
    public static CountVectors of(Vocabulary vocabulary, TokenStream stream, int window, boolean ppmi, int dim, Backend be) {
        int v = vocabulary.size();
        if (v > MAX_VOCABULARY) {
            throw new InspectException("count vectors keep a dense table of " + v + " x " + v + " counts; at most "
                    + MAX_VOCABULARY + " tokens are supported", "use a word corpus with fewer distinct words (min_count= raises the bar)");
        }
        if (window < 1) throw new InspectException("window=" + window + " must be at least 1");
        if (dim > v) throw new InspectException("dim=" + dim + " is more than the " + v + " tokens of the vocabulary",
                "choose dim=" + Math.min(v, 50) + " or less");
        double[][] x = counts(stream, v, window);
        if (ppmi) x = ppmi(x);
        String how = "window " + window + (ppmi ? ", PPMI" : ", raw counts");
        if (dim == 0) {
            float[][] rows = new float[v][v];
            for (int i = 0; i < v; i++) for (int j = 0; j < v; j++) rows[i][j] = (float) x[i][j];
            return new CountVectors(vocabulary, x, null, rows, how);
        }
        Tensor a = be.alloc(v, v), u = be.alloc(v, v), s = be.alloc(v), vt = be.alloc(v, v);
        float[] flat = new float[v * v];
        for (int i = 0; i < v; i++) for (int j = 0; j < v; j++) flat[i * v + j] = (float) x[i][j];
        a.copyFromHost(flat);
        be.svd(a, u, s, vt);
        float[] uh = u.toHost(), sh = s.toHost();
        float[][] rows = new float[v][dim];
        for (int i = 0; i < v; i++) for (int k = 0; k < dim; k++) rows[i][k] = uh[i * v + k] * sh[k];
        return new CountVectors(vocabulary, x, sh, rows, how + ", SVD to " + dim + " dimensions");
    }

    /** One-hot vectors, the starting point of the lecture: token i is the i-th unit vector, orthogonal to every other. */
    public static CountVectors oneHot(Vocabulary vocabulary) {
        int v = vocabulary.size();
        if (v > MAX_VOCABULARY) {
            throw new InspectException("one-hot vectors of " + v + " tokens would make a dense " + v + " x " + v + " table; at most "
                    + MAX_VOCABULARY + " tokens are supported");
        }
        double[][] eye = new double[v][v];
        float[][] rows = new float[v][v];
        for (int i = 0; i < v; i++) {
            eye[i][i] = 1;
            rows[i][i] = 1;
        }
        return new CountVectors(vocabulary, eye, null, rows, "one-hot: one dimension per token");
    }

    /** counts[w][c]: how often token c is within {@code window} positions of token w (both directions). */
    public static double[][] counts(TokenStream stream, int vocabulary, int window) {
        double[][] n = new double[vocabulary][vocabulary];
        int len = stream.length();
        for (int i = 0; i < len; i++) {
            int w = stream.get(i);
            for (int j = Math.max(0, i - window); j <= Math.min(len - 1, i + window); j++) {
                if (j != i) n[w][stream.get(j)]++;
            }
        }
        return n;
    }

    /** Positive pointwise mutual information of a count table; 0 where a pair was never seen. */
    public static double[][] ppmi(double[][] counts) {
        int v = counts.length;
        double total = 0;
        double[] row = new double[v], col = new double[v];
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                row[i] += counts[i][j];
                col[j] += counts[i][j];
                total += counts[i][j];
            }
        }
        double[][] p = new double[v][v];
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                if (counts[i][j] > 0) p[i][j] = Math.max(0, Math.log(counts[i][j] * total / (row[i] * col[j])));
            }
        }
        return p;
    }

    /** The vectors as a space for similarity, analogy and nearest neighbours. */
    public EmbeddingSpace space() {
        return new EmbeddingSpace(vocabulary, vectors);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The table the vectors come from (counts, or their PPMI), rows and columns in vocabulary order. */
    public double[][] weights() {
        return weights;
    }

    /** All singular values of the table, descending; null without SVD. */
    public float[] singularValues() {
        return singular;
    }

    /** Word vectors, one row per vocabulary id. */
    public float[][] vectors() {
        return vectors;
    }

    public int dim() {
        return vectors.length == 0 ? 0 : vectors[0].length;
    }

    /** One line: what was counted and how it was reduced. */
    public String describe(String name, String corpus) {
        String kept = "";
        if (singular != null) {
            double all = 0, top = 0;
            for (int k = 0; k < singular.length; k++) {
                all += (double) singular[k] * singular[k];
                if (k < dim()) top += (double) singular[k] * singular[k];
            }
            kept = String.format(Locale.ROOT, "; the %d dimensions keep %.1f%% of the squared singular values", dim(),
                    all == 0 ? 0 : 100 * top / all);
        }
        return String.format(Locale.ROOT, "vectors %s: %d tokens x %d dimensions from %s (%s)%s", name, vocabulary.size(),
                dim(), corpus, how, kept);
    }
}
