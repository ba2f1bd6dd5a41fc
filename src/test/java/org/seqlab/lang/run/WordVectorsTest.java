package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.nn.Embedding;

/** {@code vectors NAME = counts of CORPUS} and the statements that read word vectors with {@code in NAME} or {@code from NAME}. */
class WordVectorsTest {

    static final String COUNTS = "corpus elman sentences=1000 seed=3\nvectors cooc = counts of elman window=2 ppmi dim=8\n";

    static double similarity(String output, String a, String b) {
        Matcher m = Pattern.compile("similarity '" + a + "' '" + b + "' = (\\S+)").matcher(output);
        assertTrue(m.find(), output);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void countVectorsPutWordsOfOneCategoryNearAndNeedNoModel() {
        EngineHarness h = new EngineHarness().run(COUNTS + "similarity \"boy\" \"girl\" in cooc\nsimilarity \"boy\" \"cookie\" in cooc\n"
                + "inspect embedding nearest \"cookie\" in cooc k=3\n");
        String out = h.output();
        assertTrue(out.contains("vectors cooc: 39 tokens x 8 dimensions from corpus elman"), out);
        assertTrue(similarity(out, "boy", "girl") > 0.7, out);
        assertTrue(similarity(out, "boy", "cookie") < 0.3, out);
        // the nearest words to a food are foods
        String table = out.substring(out.indexOf("nearest to 'cookie'"));
        for (String food : table.lines().skip(3).limit(3).map(l -> l.trim().split("\\s+")[1]).toList()) {
            assertTrue(java.util.List.of("bread", "apple", "cheese").contains(food), table);
        }
    }

    @Test
    void oneHotVectorsHaveCosineZero() {
        EngineHarness h = new EngineHarness().run("corpus elman sentences=200\nvectors oh = onehot of elman\n"
                + "similarity \"boy\" \"girl\" in oh\nsimilarity \"boy\" \"cookie\" in oh\n");
        assertEquals(0, similarity(h.output(), "boy", "girl"));
        assertEquals(0, similarity(h.output(), "boy", "cookie"));
    }

    @Test
    void anEmbeddingStartsFromTheVectorsItNames() {
        EngineHarness h = new EngineHarness().run(COUNTS + "model m {\n  embed 8 from cooc\n  lstm 8\n  output softmax\n}\n"
                + "summary m\n");
        assertTrue(h.output().contains("embed 8 from cooc"), h.output());
        Embedding e = (Embedding) h.session("m").state.model().inputLayer();
        float[] w = e.weight().value().toHost();
        float[] boy = h.interp.workspace().vectors("cooc").vectors()[h.interp.workspace().vectors("cooc").vocabulary().id("boy")];
        int id = h.session("m").compiled.data().vocabulary().id("boy");
        for (int k = 0; k < 8; k++) assertEquals(boy[k], w[id * 8 + k], 0);
        EngineHarness t = new EngineHarness().run(COUNTS + "model m {\n  embed 8 from cooc freeze\n  lstm 8\n  output softmax\n}\n"
                + "train m on elman steps=1\n");
        assertTrue(t.output().contains("embed: 39 of 39 tokens have vectors in 'cooc'; frozen"), t.output());
    }

    @Test
    void mistakesAreReportedAtTheirPlace() {
        EngineHarness h = new EngineHarness();
        DiagnosticException unknown = assertThrows(DiagnosticException.class, () -> h.run(COUNTS + "similarity \"boy\" \"girl\" in coc\n"));
        assertTrue(unknown.diagnostics().get(0).message().contains("no word vectors named 'coc'"), unknown.getMessage());
        DiagnosticException from = assertThrows(DiagnosticException.class,
                () -> h.run("model m {\n  embed 8 from glove\n  output softmax\n}\n"));
        assertTrue(from.diagnostics().get(0).message().contains("no word vectors named 'glove'"), from.getMessage());
        RunFailure dims = assertThrows(RunFailure.class, () -> h.run(COUNTS + "model m {\n  embed 4 from cooc\n  output softmax\n}\n"
                + "summary m\n"));
        assertTrue(dims.diagnostics().get(0).message().contains("have 8 dimensions; this embed line asks for 4"), dims.getMessage());
        RunFailure big = assertThrows(RunFailure.class, () -> h.run("corpus elman sentences=100\nvectors v = counts of elman dim=500\n"));
        assertTrue(big.diagnostics().get(0).message().matches("dim=500 is more than the \\d+ tokens of the vocabulary"), big.getMessage());
        assertEquals(2, big.diagnostics().get(0).span().line());
    }
}
