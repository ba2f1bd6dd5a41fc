package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The course's lessons (scripts/course) claim what they show; each claim is checked here on the numbers the
 * lesson prints, from the lesson file itself (with a smaller configuration where the lesson's takes long).
 */
class CourseLessonsTest {

    static final Path DIR = Path.of("scripts/course");

    static String lesson(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    /** The lesson's statements, the first comment block (what it shows) and the last (what to look at) apart. */
    @Test
    void everyLessonIsNumberedAndSaysWhatItShowsAndWhatToLookAt() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".seq")).sorted().toList();
        }
        assertTrue(files.size() >= 3, files.toString());
        for (Path f : files) {
            assertTrue(f.getFileName().toString().matches("\\d\\d_[a-z0-9_]+\\.seq"), f.toString());
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            assertTrue(lines.get(0).startsWith("# Lesson " + Integer.parseInt(f.getFileName().toString().substring(0, 2)) + ":"),
                    f + ": " + lines.get(0));
            assertTrue(lines.get(lines.size() - 1).startsWith("#") || lines.get(lines.size() - 2).startsWith("#"), f.toString());
            assertTrue(String.join("\n", lines).contains("# What to look at:"), f.toString());
        }
    }

    /** The factors the captions of `inspect gradients` print, in order. */
    static List<Double> shrinkFactors(String output) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("first step \\S+: (\\S+)x (smaller|larger) over the (\\d+) steps").matcher(output);
        while (m.find()) {
            double f = Double.parseDouble(m.group(1));
            out.add(m.group(2).equals("smaller") ? f : 1 / f);
            assertEquals("20", m.group(3));
        }
        return out;
    }

    @Test
    void lesson04TheSrnsGradientVanishesOverTwentyStepsTheLstmsDoesNot() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("04_vanishing_gradient.seq").replace("sentences=2000", "sentences=300"));
        List<Double> f = shrinkFactors(h.output());
        assertEquals(2, f.size(), h.output());
        assertTrue(f.get(0) > 10, "SRN: " + f.get(0));
        assertTrue(f.get(1) < 10, "LSTM: " + f.get(1));
    }

    @Test
    void lesson17TheCausalMapIsATriangleAndTheModelWithoutCausalIsRefused() throws IOException {
        String text = lesson("17_causal_attention.seq").replace("steps=150", "steps=40");
        int cut = text.indexOf("model peeker");
        EngineHarness h = new EngineHarness().run(text.substring(0, cut));
        List<String> rows = h.output().lines().filter(l -> l.matches("\\s*\\S+(\\s+\\d\\.\\d\\d){8}\\s*")).toList();
        assertEquals(8, rows.size(), h.output());
        for (int q = 0; q < 8; q++) {
            String[] cells = rows.get(q).trim().split("\\s+");
            double sum = 0;
            for (int k = 0; k < 8; k++) {
                double w = Double.parseDouble(cells[1 + k]);
                sum += w;
                if (k > q) assertEquals(0.0, w, 0.0, "query " + q + " sees key " + k);
            }
            assertEquals(1.0, sum, 0.03);
        }
        RunFailure refused = assertThrows(RunFailure.class, () -> h.run(text.substring(cut)));
        assertTrue(refused.diagnostics().get(0).message().contains("is not causal"), refused.diagnostics().get(0).message());
        assertTrue(refused.diagnostics().get(0).hint().contains("add 'causal'"));
    }

    @Test
    void lesson21GreedyIsTopKOneAndTheBarsAreTheMostLikelyTokens() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("21_decoding.seq").replace("sentences=2000", "sentences=500"));
        List<String> lines = h.output().lines().toList();
        List<String> samples = lines.stream().filter(l -> l.startsWith("dog chase ")).toList();
        assertEquals(5, samples.size(), h.output());
        assertEquals(samples.get(0), samples.get(1), "greedy and top_k=1 choose the same tokens");
        List<Double> p = lines.stream().filter(l -> l.matches("\\d+\\s+\\S+\\s+0\\.\\d{4}\\s+\\S+")).map(l -> Double.parseDouble(l.trim().split("\\s+")[2])).toList();
        assertEquals(8, p.size(), h.output());
        for (int i = 1; i < p.size(); i++) assertTrue(p.get(i) <= p.get(i - 1), "bars sorted: " + p);
        // greedy takes the first bar: the token after the prime in the greedy text is the most likely one
        String first = lines.stream().filter(l -> l.matches("1\\s+\\S+\\s+0\\.\\d{4}\\s+\\S+")).findFirst().orElseThrow().trim().split("\\s+")[1];
        assertEquals(first, samples.get(0).split(" ")[2]);
    }

    /** "model / persistence = R" of each evaluate, in order. */
    static List<Double> persistenceRatios(String output) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("model / persistence = (\\S+)").matcher(output);
        while (m.find()) out.add(Double.parseDouble(m.group(1)));
        return out;
    }

    @Test
    void lesson24TheLstmDoesNotBeatPersistenceOnARandomWalkButDoesOnANoisySine() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("24_stock_price.seq").replace("steps=400", "steps=250"));
        List<Double> r = persistenceRatios(h.output());
        assertEquals(2, r.size(), h.output());
        assertTrue(r.get(0) >= 0.95, "random walk: model / persistence = " + r.get(0));
        assertTrue(r.get(1) < 0.7, "noisy sine: model / persistence = " + r.get(1));
    }

    @Test
    void lesson05WithoutClippingTheRunExplodesWithClipOneItTrains() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("05_exploding_gradient.seq"));
        List<org.seqlab.train.HistoryPoint> wild = h.session("wild").state.history(), tamed = h.session("tamed").state.history();
        assertTrue(wild.size() < 10, "the unclipped run stops early: " + wild.size() + " steps");
        assertTrue(h.output().contains("loss became NaN") || h.output().contains("gradient norm became"), h.output());
        assertTrue(wild.stream().mapToDouble(org.seqlab.train.HistoryPoint::gradNorm).max().orElse(0) > 100);
        assertEquals(150, tamed.size());
        assertTrue(tamed.stream().mapToDouble(org.seqlab.train.HistoryPoint::gradNorm).max().orElse(0) > 10, "spikes before clipping");
        double end = tamed.subList(140, 150).stream().mapToDouble(org.seqlab.train.HistoryPoint::loss).average().orElse(9);
        assertTrue(end < 2.5, "the clipped run trains: " + end);
    }

    @Test
    void lesson16PositionsHaveOneLengthAndNeighboursAreMostAlike() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("16_positional_encoding.seq"));
        String out = h.output();
        assertTrue(out.contains("pe[p] . pe[q]: 8.0 on the diagonal"), out);
        List<double[]> rows = out.lines().filter(l -> l.matches("\\s*\\d+(\\s+\\d\\.\\d\\d){12}\\s*"))
                .map(l -> java.util.Arrays.stream(l.trim().split("\\s+")).skip(1).mapToDouble(Double::parseDouble).toArray()).toList();
        assertEquals(12, rows.size(), out);
        for (int p = 0; p < 12; p++) assertEquals(8.0, rows.get(p)[p], 0.005);
        for (int d = 1; d <= 3; d++) assertTrue(rows.get(0)[d] < rows.get(0)[d - 1], "distance " + d);
        for (int p = 1; p < 12; p++) for (int q = 1; q < 12; q++) assertEquals(rows.get(p - 1)[q - 1], rows.get(p)[q], 0.005);
    }

    /** The class and probability at the top of each classify table, in order. */
    static List<String[]> topClasses(String output) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("classes of '[^']*' .*\\n#.*\\n─+\\n1\\s+(\\S+)\\s+(\\S+)").matcher(output);
        while (m.find()) out.add(new String[] {m.group(1), m.group(2)});
        return out;
    }

    @Test
    void lesson11ClassifiesUnseenSentencesSamplesFromAPrimeAndTranslatesInReverse() throws IOException {
        String reviews = DIR.resolve("data/reviews.tsv").toAbsolutePath().toString().replace("\\", "/");
        String text = lesson("11_many_to_one_seq2seq.seq").replace("\"data/reviews.tsv\"", "\"" + reviews + "\"")
                .replace("sentences=2000", "sentences=500").replace("steps=400", "steps=300");
        EngineHarness h = new EngineHarness().run(text);
        String out = h.output();
        List<String[]> top = topClasses(out);
        assertEquals(3, top.size(), out);
        assertEquals(List.of("pos", "neg", "pos"), top.stream().map(t -> t[0]).toList(), out);
        for (String[] t : top) assertTrue(Double.parseDouble(t[1]) > 0.9, t[0] + " " + t[1]);
        for (String unseen : List.of("what a clever and moving film", "the ending was tedious", "the story was not dull")) {
            assertTrue(!Files.readString(DIR.resolve("data/reviews.tsv")).contains("\t" + unseen + "\n"), unseen + " is held out");
        }
        List<String> samples = out.lines().filter(l -> l.startsWith("girl ")).toList();
        assertEquals(2, samples.size(), out);
        for (String sample : samples) assertEquals(13, sample.split(" ").length, sample);
        assertTrue(out.contains("\nf e d c b a\n"), out);
    }

    /** The "/ persistence" column of each forecast's model row, in order. */
    static List<Double> forecastRatios(String output) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("predictor\\s+MSE\\s+/ persistence\\n─+\\n\\S+\\s+\\S+\\s+(\\S+)\\n").matcher(output);
        while (m.find()) out.add(Double.parseDouble(m.group(1)));
        return out;
    }

    @Test
    void lesson24ForecastsTheTailTheWalkerDoesNotBeatPersistenceTheWaverDoes() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("24_stock_price.seq").replace("steps=400", "steps=250"));
        String out = h.output();
        assertTrue(out.contains("forecast of walk by walker: its last 50 values, one step ahead"), out);
        assertTrue(out.contains("forecast of wave by waver: its last 50 values, one step ahead"), out);
        List<Double> r = forecastRatios(out);
        assertEquals(2, r.size(), out);
        assertTrue(r.get(0) >= 0.95, "random walk: walker / persistence = " + r.get(0));
        assertTrue(r.get(1) < 0.7, "noisy sine: waver / persistence = " + r.get(1));
        assertTrue(out.contains("walker does not beat persistence here") && out.contains("waver beats persistence here"), out);
    }
}
