package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.seqlab.inspect.render.ScatterPlot;

/**
 * Chosen words placed on a plane by principal component analysis of their vectors: the vectors are centred
 * on their mean, and each word's coordinates are its projections on the two directions along which the
 * chosen vectors vary most. Computed from the n x n Gram matrix G = X X^T of the centred vectors X (n words,
 * usually far fewer than dimensions): its eigenvectors u_k with eigenvalues l_k give the coordinates
 * u_k * sqrt(l_k), the same as projecting on the covariance's eigenvectors. A component's sign is arbitrary;
 * here each is turned so that its largest coordinate (in size) is positive, so the same vectors always give
 * the same picture.
 *
 * <p>The vectors come from any word-to-vector source (a model's embedding, count-based vectors), given as
 * plain lists.
 *
 * @param words     the words, in the order asked
 * @param x         first principal coordinate of each word
 * @param y         second
 * @param explained share of the chosen vectors' total variance along each of the two axes
 * @param source    what the vectors are ("the embedding of lm"), for the title
 */
public record EmbeddingMap(List<String> words, double[] x, double[] y, double[] explained, String source) {

    /** The PCA map of {@code vectors} (one per word, all of one length). */
    public static EmbeddingMap of(List<String> words, List<float[]> vectors, String source) {
        int n = words.size();
        if (n != vectors.size()) throw new IllegalArgumentException(n + " words, " + vectors.size() + " vectors");
        if (n < 2) throw new InspectException("a map needs at least two words; words= names " + n,
                "e.g. inspect embedding map words=\"boy girl dog cat\"");
        Set<String> seen = new HashSet<>();
        for (String w : words) {
            if (!seen.add(w)) throw new InspectException("'" + w + "' is named twice in words=", "name each word once");
        }
        int d = vectors.get(0).length;
        double[][] c = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (float[] v : vectors) mean += v[j];
            mean /= n;
            for (int i = 0; i < n; i++) c[i][j] = vectors.get(i)[j] - mean;
        }
        double[][] g = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += c[a][j] * c[b][j];
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        double total = 0;
        for (int a = 0; a < n; a++) total += g[a][a];
        double[][] u = new double[n][n];
        double[] l = jacobi(g, u);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(l[q], l[p]));
        double[][] coords = new double[2][n];
        double[] explained = new double[2];
        for (int k = 0; k < 2; k++) {
            int e = order[Math.min(k, n - 1)];
            double lambda = k < n ? Math.max(0, l[e]) : 0;
            double scale = Math.sqrt(lambda);
            int biggest = 0;
            for (int i = 0; i < n; i++) {
                coords[k][i] = u[i][e] * scale;
                if (Math.abs(coords[k][i]) > Math.abs(coords[k][biggest])) biggest = i;
            }
            if (coords[k][biggest] < 0) for (int i = 0; i < n; i++) coords[k][i] = -coords[k][i];
            for (int i = 0; i < n; i++) if (coords[k][i] == 0) coords[k][i] = 0;    // no -0
            explained[k] = total > 0 ? lambda / total : 0;
        }
        return new EmbeddingMap(List.copyOf(words), coords[0], coords[1], explained, source);
    }

    /**
     * Eigenvalues of the symmetric matrix {@code a} (destroyed) by cyclic Jacobi rotations; the eigenvectors go
     * into the columns of {@code v}. Exact to rounding for the few dozen words a map shows.
     */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = cs * akp - sn * akq;
                        a[k][q] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = cs * apk - sn * aqk;
                        a[q][k] = sn * apk + cs * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = cs * vkp - sn * vkq;
                        v[k][q] = sn * vkp + cs * vkq;
                    }
                }
            }
        }
        double[] l = new double[n];
        for (int i = 0; i < n; i++) l[i] = a[i][i];
        return l;
    }

    /** The words as labelled points, the axes named with their share of the variance, the coordinates in the footer. */
    public ScatterPlot picture() {
        List<ScatterPlot.Point> points = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) points.add(new ScatterPlot.Point(words.get(i), x[i], y[i]));
        List<String> footer = new ArrayList<>();
        footer.add(String.format(Locale.ROOT, "the two axes hold %.0f%% of these words' variance (PC1 %.0f%%, PC2 %.0f%%);",
                100 * (explained[0] + explained[1]), 100 * explained[0], 100 * explained[1]));
        footer.add("near points are words with similar vectors");
        int w = 4;
        for (String s : words) w = Math.max(w, s.length());
        footer.add(String.format(Locale.ROOT, "  %-" + w + "s  %8s  %8s", "word", "PC1", "PC2"));
        for (int i = 0; i < words.size(); i++) {
            footer.add(String.format(Locale.ROOT, "  %-" + w + "s  %8.4f  %8.4f", words.get(i), x[i], y[i]));
        }
        return new ScatterPlot("words on the first two principal components of " + source,
                String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * explained[0]),
                String.format(Locale.ROOT, "PC2 (%.0f%% of variance)", 100 * explained[1]), points, footer);
    }
}
