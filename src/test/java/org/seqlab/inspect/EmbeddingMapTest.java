package org.seqlab.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.inspect.render.ColorMode;
import org.seqlab.inspect.render.ScatterPlot;
import org.seqlab.inspect.render.Terminal;
import org.seqlab.inspect.render.TerminalOptions;

/** The PCA behind inspect embedding map, against PCAs worked out by hand and by an independent method. */
class EmbeddingMapTest {

    /** Four words on two axes of a 3-D space: the principal components are those axes, by hand. */
    @Test
    void axisAlignedVectorsGiveTheAxesAsComponents() {
        EmbeddingMap m = EmbeddingMap.of(List.of("a", "b", "c", "d"),
                List.of(new float[] {3, 1, 5}, new float[] {-1, 1, 5}, new float[] {1, 2, 5}, new float[] {1, 0, 5}), "fixture");
        // centred: a=(2,0,0) b=(-2,0,0) c=(0,1,0) d=(0,-1,0); variance along x 8, along y 2, total 10
        assertArrayEquals(new double[] {2, -2, 0, 0}, m.x(), 1e-9);
        assertArrayEquals(new double[] {0, 0, 1, -1}, m.y(), 1e-9);
        assertArrayEquals(new double[] {0.8, 0.2}, m.explained(), 1e-9);
    }

    /**
     * Five 4-D vectors: the coordinates equal the projections of the centred vectors on the covariance's two leading
     * eigenvectors, found here by power iteration with deflation (a different method), up to each axis' sign.
     */
    @Test
    void coordinatesAreTheProjectionsOnTheCovariancesLeadingEigenvectors() {
        float[][] v = {{1, 2, 0, 1}, {2, 3, 1, 0}, {0, -1, 2, 2}, {4, 1, -1, 0}, {-2, 0, 3, 1}};
        List<String> words = List.of("w1", "w2", "w3", "w4", "w5");
        EmbeddingMap m = EmbeddingMap.of(words, List.of(v), "fixture");
        int n = v.length, d = 4;
        double[][] c = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (float[] r : v) mean += r[j];
            for (int i = 0; i < n; i++) c[i][j] = v[i][j] - mean / n;
        }
        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) for (int i = 0; i < n; i++) cov[a][b] += c[i][a] * c[i][b];
        double total = 0;
        for (int a = 0; a < d; a++) total += cov[a][a];
        double[][] got = {m.x(), m.y()};
        for (int k = 0; k < 2; k++) {
            double[] e = {1, 0.5, 0.25, 0.125};
            double lambda = 0;
            for (int it = 0; it < 5000; it++) {
                double[] next = new double[d];
                for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) next[a] += cov[a][b] * e[b];
                lambda = Math.sqrt(dot(next, next));
                for (int a = 0; a < d; a++) e[a] = next[a] / lambda;
            }
            double[] proj = new double[n];
            for (int i = 0; i < n; i++) proj[i] = dot(c[i], e);
            double sign = Math.signum(dot(proj, got[k]));
            for (int i = 0; i < n; i++) assertEquals(sign * proj[i], got[k][i], 1e-5, "component " + (k + 1) + " of " + words.get(i));
            assertEquals(lambda / total, m.explained()[k], 1e-6);
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] -= lambda * e[a] * e[b];    // deflate
        }
        // the sign is fixed: each axis' largest coordinate is positive
        for (double[] axis : got) {
            double big = 0;
            for (double x : axis) if (Math.abs(x) > Math.abs(big)) big = x;
            assertTrue(big > 0);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void thePictureNamesEveryWordAndPrintsItsCoordinates() {
        EmbeddingMap m = EmbeddingMap.of(List.of("boy", "girl", "dog"),
                List.of(new float[] {1, 0}, new float[] {0.9f, 0.1f}, new float[] {-1, 0.2f}), "the embedding of lm");
        ScatterPlot p = m.picture();
        assertEquals(3, p.points().size());
        assertTrue(p.xLabel().startsWith("PC1 ("), p.xLabel());
        String text = Terminal.render(p, TerminalOptions.of(ColorMode.SHADES));
        for (String w : List.of("\u25cfboy", "\u25cfgirl", "\u25cfdog")) assertTrue(text.contains(w), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%8.4f", m.x()[2])), text);
    }

    @Test
    void aMapNeedsTwoDifferentWords() {
        InspectException one = assertThrows(InspectException.class, () -> EmbeddingMap.of(List.of("boy"), List.of(new float[] {1}), "x"));
        assertTrue(one.getMessage().contains("at least two words"), one.getMessage());
        InspectException twice = assertThrows(InspectException.class,
                () -> EmbeddingMap.of(List.of("boy", "boy"), List.of(new float[] {1}, new float[] {1}), "x"));
        assertTrue(twice.getMessage().contains("'boy' is named twice"), twice.getMessage());
    }
}
