package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

    @Test
    void elmanSentencesFollowTheGrammar() {
        Corpus c = Generators.corpus("elman", Map.of("sentences", 500), 7);
        assertEquals(DataKind.NEXT_TOKEN, c.kind());
        Vocabulary v = c.vocabulary();
        int[] ids = c.train().toArray();
        List<String> sentence = new ArrayList<>();
        int sentences = 0;
        for (int id : ids) {
            String w = v.token(id);
            if (w.equals(".")) {
                assertTrue(ElmanGrammar.grammatical(sentence), sentence.toString());
                sentence.clear();
                sentences++;
            } else {
                sentence.add(w);
            }
        }
        assertTrue(sentences >= 440, "sentences " + sentences);
        assertEquals("noun.human", c.tokenCategories().get("man"));
        assertEquals("verb.eat", c.tokenCategories().get("eat"));
        for (String token : v.tokens()) {
            assertTrue(token.equals(Vocabulary.UNK) || c.tokenCategories().containsKey(token), token);
        }
        assertTrue(!ElmanGrammar.grammatical(List.of("cookie", "eat", "man")));
        assertTrue(ElmanGrammar.grammatical(List.of("woman", "smash", "glass")));
    }

    @Test
    void elmanSplitsAtASentenceBoundary() {
        Corpus c = Generators.corpus("elman", Map.of("sentences", 333), 2);
        Vocabulary v = c.vocabulary();
        assertEquals(".", v.token(c.train().get(c.train().length() - 1)));
        assertTrue(c.tokenCategories().get(v.token(c.validation().get(0))).startsWith("noun."));
        assertEquals(".", v.token(c.validation().get(c.validation().length() - 1)));
    }

    @Test
    void validationInputsAreHeldOutWhereThereIsRoom() {
        ExampleSet s = Generators.task("parity", Map.of("length", 8, "samples", 400), 1);
        java.util.Set<String> train = new java.util.HashSet<>();
        for (int i = 0; i < s.train().size(); i++) {
            train.add(Arrays.toString(s.train().input(i)));
        }
        assertTrue(train.size() < 256);
        for (int i = 0; i < s.validation().size(); i++) {
            assertTrue(!train.contains(Arrays.toString(s.validation().input(i))));
        }
        ExampleSet tiny = Generators.task("parity", Map.of("length", 2, "samples", 40), 1);
        assertEquals(4, tiny.validation().size());
    }

    @Test
    void generatorsAreDeterministicForASeed() {
        Corpus a = Generators.corpus("elman", Map.of("sentences", 200), 3);
        Corpus b = Generators.corpus("elman", Map.of("sentences", 200), 3);
        Corpus c = Generators.corpus("elman", Map.of("sentences", 200), 4);
        assertArrayEquals(a.train().toArray(), b.train().toArray());
        assertNotEquals(Arrays.toString(a.train().toArray()), Arrays.toString(c.train().toArray()));
        for (String task : Generators.taskNames()) {
            ExampleSet x = Generators.task(task, Map.of("samples", 50), 11);
            ExampleSet y = Generators.task(task, Map.of("samples", 50), 11);
            for (int i = 0; i < x.train().size(); i++) {
                if (x.featureSize() == 0) {
                    assertArrayEquals(x.train().input(i), y.train().input(i), task);
                } else {
                    assertArrayEquals(x.train().features(i), y.train().features(i), task);
                }
                assertEquals(x.train().value(i), y.train().value(i));
            }
            assertEquals(45, x.train().size(), task);
            assertEquals(5, x.validation().size(), task);
        }
    }

    @Test
    void copyTargetsRepeatTheInput() {
        ExampleSet s = Generators.task("copy", Map.of("length", 5, "symbols", 4, "samples", 100), 1);
        assertEquals(DataKind.SEQUENCE_LABELLING, s.kind());
        Vocabulary v = s.vocabulary();
        for (int i = 0; i < s.train().size(); i++) {
            int[] x = s.train().input(i);
            int[] y = s.train().targets(i);
            assertEquals(11, x.length);
            assertEquals("=", v.token(x[5]));
            for (int t = 0; t < 5; t++) {
                assertTrue(v.token(x[t]).compareTo("a") >= 0 && v.token(x[t]).compareTo("d") <= 0);
                assertEquals(-1, y[t]);
                assertEquals("_", v.token(x[6 + t]));
                assertEquals(x[t], y[6 + t]);
            }
            assertEquals(-1, y[5]);
        }
    }

    @Test
    void addingTargetIsTheSumOfTheMarkedValues() {
        ExampleSet s = Generators.task("adding", Map.of("length", 20, "samples", 200), 1);
        assertEquals(DataKind.REGRESSION, s.kind());
        assertEquals(2, s.featureSize());
        for (int i = 0; i < s.train().size(); i++) {
            float[] x = s.train().features(i);
            double sum = 0;
            int markers = 0;
            int firstHalf = 0;
            for (int t = 0; t < 20; t++) {
                assertTrue(x[2 * t] >= 0 && x[2 * t] < 1);
                if (x[2 * t + 1] == 1f) {
                    sum += x[2 * t];
                    markers++;
                    firstHalf += t < 10 ? 1 : 0;
                }
            }
            assertEquals(2, markers);
            assertEquals(1, firstHalf);
            assertEquals(sum, s.train().value(i), 1e-6);
        }
    }

    @Test
    void parityLabels() {
        ExampleSet s = Generators.task("parity", Map.of("length", 9, "samples", 300), 5);
        assertEquals(List.of("even", "odd"), s.labels());
        assertEquals(2, s.outputSize());
        int odd = 0;
        for (int i = 0; i < s.train().size(); i++) {
            int ones = 0;
            for (int id : s.train().input(i)) {
                ones += s.vocabulary().token(id).equals("1") ? 1 : 0;
            }
            assertEquals(ones % 2, s.train().label(i));
            odd += s.train().label(i);
        }
        assertTrue(odd > 80 && odd < 190, "odd " + odd);
    }

    @Test
    void anbnStructure() {
        ExampleSet s = Generators.task("anbn", Map.of("max", 6, "samples", 200), 2);
        Vocabulary v = s.vocabulary();
        boolean[] seen = new boolean[7];
        for (int i = 0; i < s.train().size(); i++) {
            String in = v.decode(s.train().input(i)).replace(" ", "");
            String out = v.decode(s.train().targets(i)).replace(" ", "");
            int n = in.length() / 2;
            assertTrue(n >= 1 && n <= 6);
            seen[n] = true;
            assertEquals("a".repeat(n) + "b".repeat(n), in);
            assertEquals("a".repeat(n - 1) + "b".repeat(n) + ".", out);
        }
        for (int n = 1; n <= 6; n++) {
            assertTrue(seen[n], "n=" + n);
        }
    }

    @Test
    void reverseAndSortTargets() {
        ExampleSet r = Generators.task("reverse", Map.of("length", 8, "samples", 100), 1);
        assertEquals(DataKind.SEQ2SEQ, r.kind());
        for (int i = 0; i < r.train().size(); i++) {
            int[] x = r.train().input(i);
            int[] y = r.train().targets(i);
            assertEquals(8, x.length);
            for (int t = 0; t < 8; t++) {
                assertEquals(x[t], y[7 - t]);
            }
        }
        assertArrayEquals(r.vocabulary().encode("a b c"), new int[] {3, 4, 5});
        ExampleSet v = Generators.task("reverse", Map.of("length", 8, "min_length", 3, "samples", 200), 1);
        int shortest = 99;
        for (int i = 0; i < v.train().size(); i++) {
            shortest = Math.min(shortest, v.train().length(i));
        }
        assertEquals(3, shortest);
        ExampleSet s = Generators.task("sort", Map.of("length", 6, "samples", 100), 1);
        for (int i = 0; i < s.train().size(); i++) {
            int[] sorted = s.train().input(i).clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, s.train().targets(i));
        }
        assertEquals("0 1 2", s.vocabulary().decode(s.vocabulary().encodeStrict("0 1 2")));
    }

    @Test
    void argumentErrors() {
        DataException e = assertThrows(DataException.class, () -> Generators.task("copyy", Map.of(), 1));
        assertEquals("did you mean 'copy'?", e.hint());
        e = assertThrows(DataException.class, () -> Generators.task("copy", Map.of("lenght", 3), 1));
        assertEquals("task copy has no parameter 'lenght'; it takes length, symbols, samples, split, seed", e.getMessage());
        assertEquals("did you mean 'length'?", e.hint());
        e = assertThrows(DataException.class, () -> Generators.task("parity", Map.of("length", 2.5), 1));
        assertEquals("task parity: length=2.5 must be a whole number", e.getMessage());
        assertThrows(DataException.class, () -> Generators.task("copy", Map.of("symbols", 30), 1));
        assertThrows(DataException.class, () -> Generators.corpus("elmann", Map.of(), 1));
        assertEquals(Map.of("sentences", 100, "seed", 9).size(), 2);
        Corpus a = Generators.corpus("elman", Map.of("sentences", 100, "seed", 9), 1);
        Corpus b = Generators.corpus("elman", Map.of("sentences", 100), 9);
        assertArrayEquals(a.train().toArray(), b.train().toArray());
    }

    @Test
    void describeIsOneLine() {
        for (String task : Generators.taskNames()) {
            String d = Generators.task(task, Map.of("samples", 20), 1).describe();
            assertTrue(!d.contains("\n") && d.startsWith(task + ": "), d);
        }
        String d = Generators.corpus("elman", Map.of("sentences", 100), 1).describe();
        assertTrue(d.startsWith("corpus elman: word tokens"), d);
    }
}
