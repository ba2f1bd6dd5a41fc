package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Examples;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.inspect.SeriesForecast;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.Model;
import org.seqlab.session.ModelSession;
import org.seqlab.nn.Recurrent;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * fill, classify and forecast (issue #13) show the model's own numbers: each is checked against a forward pass
 * made here, one text or one window at a time; and each refuses a model of another kind with a positioned error.
 */
class PredictionViewsTest {

    static final String MASKED = EngineHarness.DATA
            + "model bert { embed 16; positional learned max=16; transformer heads=2 dim=16 ff=32; output softmax }\n"
            + "train bert on elman objective=masked steps=30 batch=8 seq=12 lr=3e-3\n";

    /** Rows "rank token p bar" of the tables printed, in order. */
    static List<String[]> bars(String out) {
        List<String[]> rows = new ArrayList<>();
        for (String l : out.lines().toList()) {
            if (l.matches("\\d+\\s+\\S+\\s+[01]\\.\\d{4}\\s+\\S+")) rows.add(l.trim().split("\\s+"));
        }
        return rows;
    }

    /** Probabilities of a forward pass of {@code ids} as one sequence, row-major (T, classes). */
    static float[] forward(Model m, int[] ids) {
        for (Recurrent r : m.recurrentLayers()) {
            r.prepareState(1);
            r.resetState();
        }
        m.forward(ids, 0, ids.length, 1, false);
        return m.outputLayer().predictions().toHost();
    }

    @Test
    void fillShowsTheSoftmaxOfAForwardPassAtEachMask() {
        EngineHarness h = new EngineHarness().run(MASKED + "fill \"boy <mask> dog . girl eat <mask> .\" with bert k=4\n");
        List<String[]> rows = bars(h.output());
        assertEquals(8, rows.size(), h.output());
        ModelSession s = h.session("bert");
        Vocabulary v = s.compiled.data().vocabulary();
        int mask = v.maskId();
        int[] ids = {v.id("boy"), mask, v.id("dog"), v.id("."), v.id("girl"), v.id("eat"), mask, v.id(".")};
        float[] p = forward(s.state.model(), ids);
        int cols = v.size();
        int[] at = {1, 6};
        for (int m = 0; m < 2; m++) {
            double sum = 0, last = 1;
            for (int r = 0; r < 4; r++) {
                String[] row = rows.get(m * 4 + r);
                assertEquals(Integer.toString(r + 1), row[0]);
                double shown = Double.parseDouble(row[2]);
                assertEquals(p[at[m] * cols + v.id(row[1])], shown, 5e-5, "mask " + m + " token " + row[1]);
                assertTrue(shown <= last, "sorted");
                last = shown;
                sum += shown;
                assertTrue(!row[1].equals("<mask>") && !row[1].equals("<pad>"), row[1]);
            }
            assertTrue(sum <= 1.0 + 1e-4, "sum " + sum);
            // no other ordinary token is more likely than the last one shown
            for (int id = 0; id < cols; id++) {
                if (id == mask || v.token(id).equals(Vocabulary.PAD)) continue;
                boolean listed = false;
                for (int r = 0; r < 4; r++) listed |= rows.get(m * 4 + r)[1].equals(v.token(id));
                if (!listed) assertTrue(p[at[m] * cols + id] <= last + 5e-5, v.token(id));
            }
        }
        assertTrue(h.output().contains("most likely: boy [" + rows.get(0)[1] + "] dog . girl eat [" + rows.get(4)[1] + "] ."), h.output());
    }

    @Test
    void fillOnACharacterModelReadsABidirectionalRecurrentNetsSoftmax(@TempDir Path dir) throws Exception {
        Path txt = dir.resolve("t.txt");
        Files.writeString(txt, "the boy ate the cake . the dog saw the boy . ".repeat(40), StandardCharsets.UTF_8);
        EngineHarness h = new EngineHarness().run("corpus c = \"" + txt + "\" tokens=char\n"
                + "model b { embed 8; layer gru(hidden=16) bidirectional; output softmax }\n"
                + "train b on c objective=masked steps=20 batch=8 seq=16\nfill \"the b<mask>y ate\" with b k=3\n");
        List<String[]> rows = bars(h.output());
        assertEquals(3, rows.size(), h.output());
        ModelSession s = h.session("b");
        Vocabulary v = s.compiled.data().vocabulary();
        int[] ids = new int[11];
        String text = "the b y ate";
        for (int i = 0; i < 11; i++) ids[i] = i == 5 ? v.maskId() : v.id(String.valueOf(text.charAt(i)));
        float[] p = forward(s.state.model(), ids);
        for (String[] r : rows) {
            String token = r[1].equals("\u2423") ? " " : r[1];
            assertEquals(p[5 * v.size() + v.id(token)], Double.parseDouble(r[2]), 5e-5, token);
        }
        String best = rows.get(0)[1].equals("\u2423") ? " " : rows.get(0)[1];
        assertTrue(h.output().contains("most likely: the b[" + best + "]y ate\n"), h.output());
    }

    private static Path reviews(Path dir) throws Exception {
        Path tsv = dir.resolve("reviews.tsv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(switch (i % 3) {
                case 0 -> "pos\twhat a great film\n";
                case 1 -> "neg\twhat a dull film\n";
                default -> "meh\ta film\n";
            });
        }
        Files.writeString(tsv, sb.toString(), StandardCharsets.UTF_8);
        return tsv;
    }

    @Test
    void classifyShowsTheSoftmaxOfTheModelsOutputSortedWithItsClassNames(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run("set seed=3\ndata reviews = \"" + reviews(dir) + "\" format=labeled\n"
                + "model sentiment { embed 8; layer lstm(hidden=8); pool last; output softmax }\n"
                + "train sentiment on reviews steps=40 batch=8 lr=1e-2\n"
                + "classify \"what a great film\" with sentiment\n");
        List<String[]> rows = bars(h.output());
        assertEquals(3, rows.size(), h.output());
        ModelSession s = h.session("sentiment");
        Vocabulary v = s.compiled.data().vocabulary();
        float[] p = forward(s.state.model(), v.encodeStrict("what a great film"));
        List<String> labels = ((ExampleSet) h.interp.workspace().data("reviews").data()).labels();
        assertEquals(List.of("meh", "neg", "pos"), labels);
        Map<String, Double> shown = new LinkedHashMap<>();
        for (String[] r : rows) shown.put(r[1], Double.parseDouble(r[2]));
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            assertEquals(p[c], shown.get(labels.get(c)), 5e-5, labels.get(c));
            sum += shown.get(labels.get(c));
        }
        assertEquals(1.0, sum, 2e-4);
        assertEquals("pos", rows.get(0)[1], "trained 40 steps, the model knows a great film: " + h.output());
        assertTrue(Double.parseDouble(rows.get(0)[2]) >= Double.parseDouble(rows.get(1)[2]));
    }

    @Test
    void aSigmoidClassifierShowsBothClasses(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("two.tsv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) sb.append(i % 2 == 0 ? "pos\tgreat film\n" : "neg\tdull film\n");
        Files.writeString(tsv, sb.toString(), StandardCharsets.UTF_8);
        EngineHarness h = new EngineHarness().run("data two = \"" + tsv + "\" format=labeled\n"
                + "model yes { embed 8; layer gru(hidden=8); pool last; output sigmoid }\n"
                + "train yes on two steps=5 batch=8\nclassify \"great film\" with yes\n");
        List<String[]> rows = bars(h.output());
        assertEquals(2, rows.size(), h.output());
        ModelSession s = h.session("yes");
        float[] p = forward(s.state.model(), s.compiled.data().vocabulary().encodeStrict("great film"));
        assertEquals(1, p.length);
        Map<String, Double> shown = Map.of(rows.get(0)[1], Double.parseDouble(rows.get(0)[2]), rows.get(1)[1], Double.parseDouble(rows.get(1)[2]));
        assertEquals(p[0], shown.get("pos"), 5e-5, "p of the second class (sorted labels: neg, pos)");
        assertEquals(1 - p[0], shown.get("neg"), 5e-5);
    }

    static final String SERIES = "set seed=1\nseries wave generator=sine length=400 seed=2 window=12\n"
            + "model waver { layer lstm(hidden=8); pool last; output linear }\n"
            + "train waver on wave steps=30 batch=16 lr=3e-3\n";

    @Test
    void forecastPredictsTheTailOneStepAheadAsTheModelDoesWindowByWindow(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("f.png");
        EngineHarness h = new EngineHarness().run(SERIES + "forecast wave steps=6\nforecast wave steps=6 to \"" + png + "\"\n");
        ModelSession s = h.session("waver");
        ExampleSet set = (ExampleSet) h.interp.workspace().data("wave").data();
        Examples va = set.validation();
        Model m = s.state.model();
        List<float[]> windows = new ArrayList<>();
        float[] targets = new float[6];
        double modelSq = 0, persistSq = 0;
        double[] oneByOne = new double[6];
        for (int i = 0; i < 6; i++) {
            float[] w = va.features(va.size() - 6 + i);
            windows.add(w);
            targets[i] = va.value(va.size() - 6 + i);
            for (Recurrent r : m.recurrentLayers()) {
                r.prepareState(1);
                r.resetState();
            }
            Tensor x = m.backend().alloc(Shape.of(w.length, 1, 1));
            x.copyFromHost(w, 0);
            m.forward(x, false);
            oneByOne[i] = set.standardizer().restore(m.outputLayer().predictions().toHost()[0]);
            double actual = set.standardizer().restore(targets[i]), last = set.standardizer().restore(w[w.length - 1]);
            modelSq += (oneByOne[i] - actual) * (oneByOne[i] - actual);
            persistSq += (last - actual) * (last - actual);
        }
        SeriesForecast f = SeriesForecast.of(m, "waver", "wave", windows, targets, 0, set.standardizer());
        for (int i = 0; i < 6; i++) assertEquals(oneByOne[i], f.predicted()[i], 1e-5, "value " + i);
        // the positions: 400 values, 360 train rows; the last six targets are values 394..399
        assertEquals(set.train().size() + 12 + va.size() - 6, 394);
        String out = h.output();
        assertTrue(out.contains("forecast of wave by waver: its last 6 values, one step ahead"), out);
        assertTrue(out.contains("\n          382 ") && out.contains(" 399\n"), "x axis from 382 (the first window) to 399: " + out);
        Matcher mm = Pattern.compile("\\nwaver\\s+(\\S+)\\s+(\\S+)\\n").matcher(out);
        Matcher pm = Pattern.compile("\\npersistence\\s+(\\S+)\\s+1\\.000\\n").matcher(out);
        assertTrue(mm.find() && pm.find(), out);
        assertEquals(modelSq / 6, Double.parseDouble(mm.group(1)), 1e-4);
        assertEquals(persistSq / 6, Double.parseDouble(pm.group(1)), 1e-4);
        assertEquals(modelSq / persistSq, Double.parseDouble(mm.group(2)), 1e-3);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G');
        assertTrue(out.contains("wrote " + png), out);
    }

    @Test
    void embeddingMapPlacesTheWordsOfTheModelsEmbedding(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("m.svg");
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=2 batch=4 seq=8\n"
                + "inspect embedding map words=\"boy girl dog cat\"\ninspect embedding map words=\"boy girl dog cat\" to \"" + svg + "\"\n");
        String out = h.output();
        assertTrue(out.contains("words on the first two principal components of the embedding of lm"), out);
        Vocabulary v = h.session("lm").compiled.data().vocabulary();
        org.seqlab.inspect.EmbeddingSpace space = org.seqlab.inspect.EmbeddingSpace.of(h.session("lm").state.model(), v);
        List<String> words = List.of("boy", "girl", "dog", "cat");
        org.seqlab.inspect.EmbeddingMap m = org.seqlab.inspect.EmbeddingMap.of(words,
                words.stream().map(space::vector).toList(), "x");
        for (int i = 0; i < 4; i++) {
            Matcher r = Pattern.compile("\\n\\s+" + words.get(i) + "\\s+(\\S+)\\s+(\\S+)\\n").matcher(out);
            assertTrue(r.find(), out);
            assertEquals(m.x()[i], Double.parseDouble(r.group(1)), 1e-4);
            assertEquals(m.y()[i], Double.parseDouble(r.group(2)), 1e-4);
        }
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains(">girl<"), text.substring(0, Math.min(400, text.length())));
    }

    // ---- errors -----------------------------------------------------------------------------------------

    private static RunFailure failure(String text) {
        return assertThrows(RunFailure.class, () -> new EngineHarness().run(text));
    }

    private static void at(Diagnostic d, int line, int column) {
        assertEquals(line, d.span().line(), d.toString());
        assertEquals(column, d.span().column(), d.toString());
    }

    @Test
    void fillRefusesANextTokenModelAtItsName() {
        RunFailure f = failure(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=2 batch=4 seq=8\n"
                + "fill \"boy <mask> dog\" with lm\n");
        Diagnostic d = f.diagnostics().get(0);
        assertTrue(d.message().contains("fill shows what a masked LM (BERT) puts at a <mask>; 'lm' is a next-token LM model"), d.message());
        assertTrue(d.hint().contains("objective=masked") && d.hint().contains("inspect next"), d.hint());
        at(d, 9, 28);
        String shown = DiagnosticFormatter.format(f.diagnostics());
        assertTrue(shown.startsWith("t.seq:9:28: "), shown);
        assertTrue(shown.contains("\n  fill \"boy <mask> dog\" with lm\n  " + " ".repeat(27) + "^~\n"), shown);
        assertTrue(shown.contains("  hint: train a model that sees both sides with objective=masked"), shown);
    }

    @Test
    void fillNamesAWordOutsideTheVocabulary() {
        RunFailure f = failure(MASKED.replace("steps=30", "steps=2") + "fill \"boy <mask> dgo\" with bert\n");
        Diagnostic d = f.diagnostics().get(0);
        assertTrue(d.message().contains("the word 'dgo' is not in the vocabulary"), d.message());
        at(d, 5, 6);
    }

    @Test
    void classifyRefusesANextTokenModelAndForecastAMaskedOne(@TempDir Path dir) throws Exception {
        Diagnostic d = failure(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=2 batch=4 seq=8\n"
                + "classify \"boy eat cookie\"\n").diagnostics().get(0);
        assertTrue(d.message().contains("classify shows the class probabilities of a many-to-one model; 'lm' is a next-token LM model"),
                d.message());
        assertTrue(d.hint().contains("pool last; output softmax"), d.hint());
        at(d, 9, 1);
        Diagnostic series = failure(SERIES.replace("steps=30", "steps=2") + "classify \"boy\" with waver\n").diagnostics().get(0);
        assertTrue(series.message().contains("'waver' is a regression model, which gives a number"), series.message());
    }

    @Test
    void forecastNeedsASeriesAndATailLongEnough() {
        Diagnostic corpus = failure(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=2 batch=4 seq=8\n"
                + "forecast elman steps=5\n").diagnostics().get(0);
        assertTrue(corpus.message().contains("forecast reads a series; elman is next-token LM data"), corpus.message());
        assertTrue(corpus.hint().contains("series walk generator=random_walk"), corpus.hint());
        at(corpus, 9, 10);
        Diagnostic tooMany = failure(SERIES.replace("steps=30", "steps=2") + "forecast wave steps=50\n").diagnostics().get(0);
        assertTrue(tooMany.message().contains("the held-out tail of wave has 40 values; steps=50 asks for more"), tooMany.message());
        assertEquals("forecast at most steps=40 (or declare the series with a smaller split=)", tooMany.hint());
        at(tooMany, 5, 15);
        Diagnostic lm = failure(SERIES.replace("steps=30", "steps=2") + EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=2 batch=4 seq=8\nforecast wave with lm\n").diagnostics().get(0);
        assertTrue(lm.message().contains("model 'lm' was trained on elman") && lm.message().contains("does not fit it"), lm.message());
    }

    @Test
    void forecastWithoutAModelNameTakesTheModelTrainedOnTheSeries() {
        EngineHarness h = new EngineHarness().run(SERIES.replace("steps=30", "steps=2") + EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=2 batch=4 seq=8\nforecast wave steps=3\n");
        assertTrue(h.output().contains("forecast of wave by waver: its last 3 values"), h.output());
        Diagnostic none = failure("series wave generator=sine length=200 window=10\n" + EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=2 batch=4 seq=8\nforecast wave steps=3\n").diagnostics().get(0);
        assertEquals("no model has been trained on wave yet", none.message());
        assertTrue(none.hint().contains("forecast wave with M"), none.hint());
    }

    @Test
    void aWordOffTheMapIsNamedWithTheNearestSpelling() {
        RunFailure f = failure(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=2 batch=4 seq=8\n"
                + "inspect embedding map words=\"boy gril dog\"\n");
        Diagnostic d = f.diagnostics().get(0);
        assertTrue(d.message().contains("'gril' is not in the vocabulary"), d.message());
        assertEquals("did you mean 'girl'?", d.hint());
        at(d, 9, 34);
        String shown = DiagnosticFormatter.format(f.diagnostics());
        assertTrue(shown.contains("\n  inspect embedding map words=\"boy gril dog\"\n  " + " ".repeat(33) + "^~~~\n"), shown);
        assertTrue(shown.contains("  hint: did you mean 'girl'?"), shown);
    }
}
