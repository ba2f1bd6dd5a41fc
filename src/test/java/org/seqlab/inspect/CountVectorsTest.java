package org.seqlab.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.Backends;
import org.seqlab.data.Corpus;
import org.seqlab.data.TokenKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Tensor;

/**
 * Count-based word vectors against hand-computed numbers and numpy's (tools/pytorch/make_word_fixtures.py):
 * co-occurrence counts, PPMI, the SVD's singular values and the dot products of the truncated vectors.
 */
class CountVectorsTest {

    static final Backend BE = Backends.create("cpu", 1);
    static final String TEXT = "the cat sat on the mat . the dog sat on the rug . a cat saw a dog .";

    @AfterAll
    static void close() {
        BE.shutdown();
    }

    static Safetensors.Contents fixture(String name) throws Exception {
        try (java.io.InputStream in = CountVectorsTest.class.getResourceAsStream("/fixtures/" + name + ".safetensors")) {
            assertTrue(in != null, "fixture " + name + " is missing");
            return Safetensors.parse(in.readAllBytes(), name);
        }
    }

    static Corpus corpus() {
        return Corpus.fromText("tiny", TEXT, TokenKind.WORD, 1.0, 1);
    }

    @Test
    void countsAndPpmiAreThoseWorkedOutByHand() {
        Corpus c = corpus();
        Vocabulary v = c.vocabulary();
        double[][] n = CountVectors.counts(c.train(), v.size(), 2);
        int cat = v.id("cat"), a = v.id("a"), sat = v.id("sat"), dog = v.id("dog");
        // cat (positions 1 and 15) sees: the sat on | . a saw a
        assertEquals(2, n[cat][a]);
        assertEquals(2, n[a][cat]);
        assertEquals(1, n[cat][sat]);
        assertEquals(0, n[cat][dog]);
        double total = 0;
        for (double[] row : n) for (double x : row) total += x;
        assertEquals(2 * (19 + 18), total, "every pair within two positions, both ways");
        // PPMI(cat, a) = log(2 * 74 / (7 * 8)): cat has 7 neighbours in all, a has 8
        double[][] p = CountVectors.ppmi(n);
        assertEquals(Math.log(2.0 * 74 / (7 * 8)), p[cat][a], 1e-12);
        assertEquals(0, p[cat][dog], 0, "never seen together: 0");
        for (double[] row : p) for (double x : row) assertTrue(x >= 0);
    }

    @Test
    void countsPpmiAndSvdMatchNumpy() throws Exception {
        Safetensors.Contents f = fixture("count_vectors");
        assertEquals(TEXT, f.metadata().get("text"));
        List<String> words = List.of(f.metadata().get("words").split(" "));
        Corpus c = corpus();
        Vocabulary v = c.vocabulary();
        int w = words.size();
        CountVectors full = CountVectors.of(v, c.train(), 2, true, 0, BE);
        float[] counts = f.get("counts").floats(), ppmi = f.get("ppmi").floats();
        double[][] n = CountVectors.counts(c.train(), v.size(), 2);
        for (int i = 0; i < w; i++) {
            for (int j = 0; j < w; j++) {
                int a = v.id(words.get(i)), b = v.id(words.get(j));
                assertEquals(counts[i * w + j], n[a][b], 0, words.get(i) + " " + words.get(j));
                assertEquals(ppmi[i * w + j], full.weights()[a][b], 1e-6, words.get(i) + " " + words.get(j));
                assertEquals(ppmi[i * w + j], full.vectors()[a][b], 1e-6);
            }
        }
        // <unk> never occurs: a zero row and column, so one more singular value, 0
        float[] s = f.get("s").floats();
        for (int d : new int[] {2, 3}) {
            CountVectors cv = CountVectors.of(v, c.train(), 2, true, d, BE);
            assertEquals(d, cv.dim());
            float[] sv = cv.singularValues();
            assertEquals(w + 1, sv.length);
            for (int k = 0; k < w; k++) assertEquals(s[k], sv[k], 2e-5, "singular value " + k);
            assertEquals(0, sv[w], 2e-5);
            float[] gram = f.get("gram_" + d).floats();
            for (int i = 0; i < w; i++) {
                for (int j = 0; j < w; j++) {
                    float[] x = cv.vectors()[v.id(words.get(i))], y = cv.vectors()[v.id(words.get(j))];
                    double dot = 0;
                    for (int k = 0; k < d; k++) dot += x[k] * y[k];
                    assertEquals(gram[i * w + j], dot, 1e-4, "dim " + d + ": " + words.get(i) + " . " + words.get(j));
                }
            }
        }
    }

    @Test
    void theSvdReconstructsTheMatrixWithOrthonormalFactors() {
        int m = 7, n = 5;
        Random r = new Random(3);
        float[] a = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        Tensor ta = BE.alloc(m, n), u = BE.alloc(m, n), s = BE.alloc(n), vt = BE.alloc(n, n);
        ta.copyFromHost(a);
        BE.svd(ta, u, s, vt);
        float[] uh = u.toHost(), sh = s.toHost(), vh = vt.toHost();
        for (int k = 1; k < n; k++) assertTrue(sh[k] <= sh[k - 1], "descending");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = 0;
                for (int k = 0; k < n; k++) x += uh[i * n + k] * sh[k] * vh[k * n + j];
                assertEquals(a[i * n + j], x, 1e-4);
            }
        }
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double uu = 0, vv = 0;
                for (int i = 0; i < m; i++) uu += uh[i * n + p] * uh[i * n + q];
                for (int j = 0; j < n; j++) vv += vh[p * n + j] * vh[q * n + j];
                assertEquals(p == q ? 1 : 0, uu, 1e-4);
                assertEquals(p == q ? 1 : 0, vv, 1e-4);
            }
        }
    }

    @Test
    void cosineOfCountVectorsIsTheCosineOfTheirRows() {
        Corpus c = corpus();
        Vocabulary v = c.vocabulary();
        CountVectors raw = CountVectors.of(v, c.train(), 2, false, 0, BE);
        // cat: the 1, sat 1, on 1, . 1, a 2, saw 1; dog: the 1, sat 1, on 1, a 1, saw 1, . 1 (window 2)
        double[] cat = raw.weights()[v.id("cat")], dog = raw.weights()[v.id("dog")];
        double dot = 0, nc = 0, nd = 0;
        for (int i = 0; i < cat.length; i++) {
            dot += cat[i] * dog[i];
            nc += cat[i] * cat[i];
            nd += dog[i] * dog[i];
        }
        assertEquals(dot / Math.sqrt(nc * nd), raw.space().similarity("cat", "dog"), 1e-6);
        assertEquals(1.0, raw.space().similarity("cat", "cat"), 1e-6);
    }

    @Test
    void oneHotVectorsAreOrthogonalForEveryPairOfDistinctWords() {
        Vocabulary v = corpus().vocabulary();
        EmbeddingSpace oneHot = CountVectors.oneHot(v).space();
        for (int a = 0; a < v.size(); a++) {
            for (int b = 0; b < v.size(); b++) {
                assertEquals(a == b ? 1 : 0, oneHot.similarity(v.token(a), v.token(b)), 0, v.token(a) + " " + v.token(b));
            }
        }
    }
}
