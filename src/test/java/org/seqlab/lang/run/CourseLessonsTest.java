package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.Tag;
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

    /** The numbers after {@code label} in the output, in order ({@code "mse "}, {@code "token accuracy "} ...). */
    static List<Double> numbersAfter(String output, String label) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*(-?\\d[\\d.,]*)").matcher(output);
        while (m.find()) out.add(Double.parseDouble(m.group(1).replace(",", "")));
        return out;
    }

    /** The rows of a printed value map: its label and numbers, for rows with exactly {@code cols} numbers. */
    static List<String[]> valueRows(String output, int cols) {
        return output.lines().filter(l -> l.matches("\\s*\\S+(\\s+(-?\\d\\.\\d\\d|–)){" + cols + "}\\s*"))
                .map(l -> l.trim().split("\\s+")).toList();
    }

    /** The value rows of each named panel of a printed gates grid ("input", "forget" ...), in order. */
    static java.util.Map<String, List<String[]>> gatePanels(String output, int cols) {
        java.util.Map<String, List<String[]>> out = new java.util.LinkedHashMap<>();
        String panel = null;
        for (String l : output.lines().toList()) {
            Matcher m = Pattern.compile("^(input|forget|candidate|output|reset|update)\\s+unit").matcher(l);
            if (m.find()) {
                panel = m.group(1);
                out.put(panel, new ArrayList<>());
            } else if (panel != null && l.matches("\\s*\\d+(\\s+-?\\d\\.\\d\\d){" + cols + "}\\s*")) {
                out.get(panel).add(l.trim().split("\\s+"));
            }
        }
        return out;
    }

    /** The class and probability at the top of each classify table, in order. */
    static List<String[]> topClasses(String output) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("classes of '[^']*' .*\\n#.*\\n─+\\n1\\s+(\\S+)\\s+(\\S+)").matcher(output);
        while (m.find()) out.add(new String[] {m.group(1), m.group(2)});
        return out;
    }

    @Test
    void lesson02TheParameterCountIsTheSameForEveryWindowAndEachSentenceEndLooksAlike() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("02_srn_recurrence.seq"));
        String out = h.output();
        assertEquals(2, out.split("rnn1    srn hidden=32   \\(T, B, 32\\)           1,600", -1).length - 1, out);
        assertEquals(2, out.split("total parameters: 3,511", -1).length - 1, out);
        assertEquals(32 * 16 + 32 * 32 + 2 * 32, 1600);
        List<String[]> rows = valueRows(out, 8);
        assertEquals(32, rows.size(), out);
        int same = 0;
        double dot = 0, a2 = 0, b2 = 0;
        for (String[] r : rows) {
            double a = Double.parseDouble(r[4]), b = Double.parseDouble(r[8]);
            if (a * b > 0) same++;
            dot += a * b;
            a2 += a * a;
            b2 += b * b;
        }
        // the lesson says: 31 of the 32 units agree in sign, cosine 0.94
        assertTrue(same >= 30, "units agreeing in sign under the two full stops: " + same);
        assertEquals(0.94, dot / Math.sqrt(a2 * b2), 0.03);
    }

    @Test
    void lesson03LongTruncationLearnsToRememberShortDoesNot() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("03_bptt_truncation.seq"));
        String out = h.output();
        List<Double> loss = numbersAfter(out, "\n  loss ");
        assertEquals(2, loss.size(), out);
        double best = Math.log(8) / 11, forgetful = 2 * Math.log(8) / 11;
        assertTrue(loss.get(0) > forgetful, "seq=4: " + loss.get(0));
        assertTrue(loss.get(1) < (best + forgetful) / 2, "seq=32: " + loss.get(1));
        List<String[]> rows = valueRows(out, 18);
        assertEquals(2, rows.size(), out);
        List<String[]> tails = valueRows(out, 5);
        assertEquals(2, tails.size(), out);
        // the repeated letters: column 10 of the first part ("c"), column 3 of the second ("f")
        double shortC = Double.parseDouble(rows.get(0)[11]), shortF = Double.parseDouble(tails.get(0)[4]);
        double longC = Double.parseDouble(rows.get(1)[11]), longF = Double.parseDouble(tails.get(1)[4]);
        assertTrue(shortC > Math.log(8) && shortF > Math.log(8), "seq=4: " + shortC + ", " + shortF);
        assertTrue(longC < 1 && longF < 1, "seq=32: " + longC + ", " + longF);
        // the numbers the lesson quotes
        assertEquals(0.52, loss.get(0), 0.005, "seq=4 loss");
        assertEquals(0.21, loss.get(1), 0.005, "seq=32 loss");
        assertArrayEquals(new double[] {3.15, 4.99, 0.06, 0.02}, new double[] {shortC, shortF, longC, longF}, 0.005);
    }

    @Test
    @Tag("slow")
    void lesson06TheTanhSrnStaysAtTheBaselineTheIrnnAndTheLstmLearn() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("06_irnn.seq"));
        List<Double> mse = numbersAfter(h.output(), "  mse "), base = numbersAfter(h.output(), "mean baseline ");
        assertEquals(3, mse.size(), h.output());
        assertEquals(0.155, base.get(0), 0.001);
        assertTrue(mse.get(0) > 0.95 * base.get(0), "srn: " + mse.get(0));
        assertTrue(mse.get(1) < 0.01, "irnn: " + mse.get(1));
        assertTrue(mse.get(2) < 0.01, "lstm: " + mse.get(2));
    }

    @Test
    void lesson07TheGatePanelsShowTheSameUnitsAndNineForgetAtEveryFullStop() throws IOException {
        String text = lesson("07_lstm_gates.seq");
        assertTrue(text.contains("plate .\"\n"));
        EngineHarness h = new EngineHarness().run(text.replace("plate .\"\n", "plate .\" values\n"));
        var panels = gatePanels(h.output(), 12);
        assertEquals(List.of("input", "forget", "candidate", "output"), List.copyOf(panels.keySet()), h.output());
        List<String> units = panels.get("input").stream().map(r -> r[0]).toList();
        assertEquals(20, units.size());
        for (List<String[]> p : panels.values()) assertEquals(units, p.stream().map(r -> r[0]).toList());
        int wiping = 0, keeping = 0;
        boolean keeperWithShutInput = false;
        for (int u = 0; u < 20; u++) {
            String[] f = panels.get("forget").get(u), in = panels.get("input").get(u);
            boolean wipes = true, keeps = true, shut = true;
            for (int dot : new int[] {4, 8, 12}) {
                double fv = Double.parseDouble(f[dot]), iv = Double.parseDouble(in[dot]);
                wipes &= fv <= 0.02 && iv >= 0.98;
                keeps &= fv >= 0.95;
                shut &= iv <= 0.02;
            }
            if (wipes) wiping++;
            if (keeps) keeping++;
            if (keeps && shut) keeperWithShutInput = f[0].equals("15");
        }
        assertEquals(9, wiping, h.output());
        assertEquals(11, keeping);
        assertTrue(keeperWithShutInput, "unit 15 keeps its forget gate open and its input gate shut at the full stops");
    }

    @Test
    void lesson08TheGruHasThreeQuartersOfTheLstmsParametersAndResetAndUpdateGates() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("08_gru_gates.seq").replace("steps=400", "steps=20"));
        String out = h.output();
        Matcher lstm = Pattern.compile("lstm1\\s+lstm hidden=32\\s+\\(T, B, 32\\)\\s+([\\d,]+)").matcher(out);
        Matcher gru = Pattern.compile("gru1\\s+gru hidden=32\\s+\\(T, B, 32\\)\\s+([\\d,]+)").matcher(out);
        assertTrue(lstm.find() && gru.find(), out);
        assertEquals(8448, Integer.parseInt(lstm.group(1).replace(",", "")));
        assertEquals(6336, Integer.parseInt(gru.group(1).replace(",", "")));
        assertEquals(0.75, 6336.0 / 8448);
        assertTrue(out.contains("reset   unit") && out.contains("update   unit") && out.contains("candidate   unit"), out);
        assertTrue(lesson("08_gru_gates.seq").contains("h_t = (1 - z) * n + z * h_t-1"));
    }

    @Test
    @Tag("slow")
    void lesson09TheSrnFailsAtFiftyStepsTheGatedCellsDoNot() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("09_rnn_lstm_gru_length.seq"));
        String out = h.output();
        List<Double> srn = numbersAfter(out.lines().filter(l -> l.startsWith("srn ")).findFirst().orElseThrow(), "mse ");
        List<Double> lstm = numbersAfter(out.lines().filter(l -> l.startsWith("lstm ")).findFirst().orElseThrow(), "mse ");
        List<Double> gru = numbersAfter(out.lines().filter(l -> l.startsWith("gru ")).findFirst().orElseThrow(), "mse ");
        assertEquals(3, srn.size(), out);
        assertTrue(srn.get(0) < srn.get(1) && srn.get(1) < srn.get(2), "srn climbs with the length: " + srn);
        assertTrue(srn.get(2) > 0.15, "srn at 50 is at the baseline: " + srn);
        assertTrue(gru.get(2) < 0.01, "gru at 50: " + gru);
        assertTrue(lstm.get(2) < 0.1, "lstm at 50: " + lstm);
    }

    @Test
    void lesson12WithoutAttentionTheDecoderRecallsLittleWithAttentionNearlyEverything() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("12_encoder_bottleneck.seq").replace("steps=300", "steps=200"));
        List<Double> tokens = numbersAfter(h.output(), "token accuracy ");
        assertEquals(2, tokens.size(), h.output());
        assertTrue(tokens.get(0) > 12.5 && tokens.get(0) < 45, "plain: " + tokens.get(0));
        assertTrue(tokens.get(1) > 90, "attention: " + tokens.get(1));
        List<Double> exact = numbersAfter(h.output(), "exact-sequence accuracy ");
        assertEquals(0.0, exact.get(0));
        assertTrue(exact.get(1) > 20, "attention, exact: " + exact.get(1));
    }

    @Test
    void lesson13TheTrainedAlignmentIsAnAntiDiagonal() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("13_attention_alignment.seq"));
        String out = h.output();
        assertTrue(out.contains("exact-sequence accuracy 100.00%"), out);
        assertTrue(out.contains("\ng h d a b e f f a c\n"), out);
        List<String[]> rows = valueRows(out, 10);
        assertEquals(11, rows.size(), out);
        for (int t = 0; t < 10; t++) {
            String[] r = rows.get(t);
            int best = 0;
            for (int k = 1; k < 10; k++) if (Double.parseDouble(r[1 + k]) > Double.parseDouble(r[1 + best])) best = k;
            assertEquals(9 - t, best, "output " + t + " (" + r[0] + ") looks at source " + best);
            double w = Double.parseDouble(r[1 + best]);
            assertTrue(w >= 0.64 && w <= 0.94, "weight " + w);
        }
    }

    /** scripts/forget_gate.seq says what its run shows (issue #13: it once claimed more). */
    @Test
    void forgetGateScriptsCountsAreWhatItsRunShows() throws IOException {
        String text = Files.readString(Path.of("scripts/forget_gate.seq"), StandardCharsets.UTF_8);
        assertTrue(text.contains("plate .\"\n"));
        EngineHarness h = new EngineHarness().run(text.replace("plate .\"\n", "plate .\" values\n"));
        var panels = gatePanels(h.output(), 12);
        List<String[]> forget = panels.get("forget"), input = panels.get("input");
        assertEquals(20, forget.size(), h.output());
        int closed = 0, openBottom = 0;
        double low = 1, high = 0;
        for (int u = 0; u < 20; u++) {
            boolean shut = true, open = true, inputOpen = true;
            double inside = 1;
            for (int c = 0; c < 12; c++) {
                double f = Double.parseDouble(forget.get(u)[1 + c]);
                if (c == 3 || c == 7 || c == 11) {
                    shut &= f <= 0.02;
                    open &= f >= 0.97;
                    inputOpen &= Double.parseDouble(input.get(u)[1 + c]) >= 0.98;
                } else {
                    inside = Math.min(inside, f);
                }
            }
            if (shut) {
                closed++;
                assertTrue(inputOpen, "unit " + forget.get(u)[0]);
                assertTrue(u < 10, "the closing units are at the top: " + u);
            }
            if (open && u >= 12) {
                openBottom++;
                low = Math.min(low, inside);
                high = Math.max(high, inside);
            }
        }
        assertEquals(10, closed);
        assertEquals(8, openBottom);
        assertEquals(0.36, low, 0.015);
        assertEquals(0.78, high, 0.015);
        assertTrue(text.contains("10 of the 20 units shown are at 0.02 or less") && text.contains("between 0.36 and 0.78"));
    }

    /** scripts/attention_reverse.seq says what its run shows (issue #13: it once claimed 0.84-0.96). */
    @Test
    @Tag("slow")
    void attentionReverseScriptsWeightsAreWhatItsRunShows() throws IOException {
        String text = Files.readString(Path.of("scripts/attention_reverse.seq"), StandardCharsets.UTF_8);
        EngineHarness h = new EngineHarness().run(text);
        String out = h.output();
        assertTrue(out.contains("exact-sequence accuracy 100.00%"), out);
        List<String[]> rows = valueRows(out, 10);
        assertEquals(11, rows.size(), out);
        double low = 1, high = 0;
        for (int t = 0; t < 10; t++) {
            double w = Double.parseDouble(rows.get(t)[10 - t]);
            low = Math.min(low, w);
            high = Math.max(high, w);
        }
        assertEquals(0.69, low, 0.015);
        assertEquals(0.98, high, 0.015);
        assertEquals(0.41, Double.parseDouble(rows.get(10)[1]), 0.015);
        assertEquals(0.43, Double.parseDouble(rows.get(10)[2]), 0.015);
        assertTrue(text.contains("between 0.69 and 0.98") && text.contains("(0.41 and 0.43"));
    }

    @Test
    void lesson10BidirectionalTagsTheNextLetterLeftToRightGuessesAndTheNextTokenModelIsRefused() throws IOException {
        String text = lesson("10_bidirectional.seq");
        int cut = text.indexOf("corpus elman");
        EngineHarness h = new EngineHarness().run(text.substring(0, cut));
        List<Double> acc = numbersAfter(h.output(), "  accuracy ");
        assertEquals(2, acc.size(), h.output());
        assertEquals(12.5, acc.get(0), 1.5, "left to right: a guess among 8");
        assertTrue(acc.get(1) > 99, "bidirectional: " + acc.get(1));
        RunFailure refused = assertThrows(RunFailure.class, () -> h.run(text.substring(cut)));
        assertTrue(refused.diagnostics().get(0).message().contains("is bidirectional"), refused.diagnostics().get(0).message());
        assertTrue(refused.diagnostics().get(0).hint().contains("objective=masked"));
    }

    /** The rows of the next-token bars: token and probability, most likely first. */
    static List<String> nextTokens(String block) {
        return block.lines().filter(l -> l.matches("\\d+\\s+\\S+\\s+0\\.\\d{4}.*")).map(l -> l.trim().split("\\s+")[1]).toList();
    }

    @Test
    void lesson14WeightsAreTheSoftmaxOfTheScoresAndBankAttendsDifferentlyInItsTwoSenses() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("14_self_attention_qkv.seq"));
        String out = h.output();
        List<String[]> scores = valueRows(out, 6);
        assertEquals(18, scores.size(), out);
        for (int q = 0; q < 6; q++) {
            double sum = 0;
            double[] e = new double[q + 1];
            for (int k = 0; k <= q; k++) sum += e[k] = Math.exp(Double.parseDouble(scores.get(q)[1 + k]));
            for (int k = 0; k < 6; k++) {
                double w = Double.parseDouble(scores.get(6 + q)[1 + k]);
                assertEquals(k <= q ? e[k] / sum : 0, w, 0.011, "query " + q + " key " + k);
            }
        }
        String[] riverBank = scores.get(11), moneyBank = scores.get(17);
        assertEquals("bank", riverBank[0]);
        assertEquals(0.53, Double.parseDouble(riverBank[2]), 0.015, "bank looks at duck");
        assertEquals(0.02, Double.parseDouble(moneyBank[2]), 0.015, "bank hardly looks at investor");
        assertEquals(0.83, Double.parseDouble(moneyBank[6]), 0.015, "bank looks at itself");
        int second = out.indexOf("next token after 'bank'", out.indexOf("next token after 'bank'") + 1);
        assertEquals(List.of("among", "by", "of"), nextTokens(out.substring(0, second)).subList(0, 3));
        assertEquals(List.of("for", "with", "and"), nextTokens(out.substring(second)).subList(0, 3));
    }

    @Test
    void lesson15TheFourHeadsDrawDifferentMaps() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("15_multi_head_attention.seq"));
        List<String[]> rows = valueRows(h.output(), 8);
        assertEquals(32, rows.size(), h.output());
        double[] diagonal = new double[4];
        for (int head = 0; head < 4; head++) {
            for (int q = 0; q < 8; q++) diagonal[head] += Double.parseDouble(rows.get(8 * head + q)[1 + q]) / 8;
        }
        assertEquals(0.28, diagonal[2], 0.02, "head 3 looks away from itself");
        for (int head : new int[] {0, 1, 3}) assertTrue(diagonal[head] >= 0.60 && diagonal[head] <= 0.78, "head " + (head + 1) + ": " + diagonal[head]);
        // the row of "eat" (query 5): head 1 on "girl", head 2 on the "." before it, head 3 on "eat"
        assertEquals(0.56, Double.parseDouble(rows.get(5)[5]), 0.015);
        assertEquals(0.97, Double.parseDouble(rows.get(8 + 5)[4]), 0.015);
        assertEquals(0.98, Double.parseDouble(rows.get(16 + 5)[6]), 0.015);
    }

    @Test
    void lesson16WithoutPositionsTheTransformerCannotReverseWithPositionsItDoes() throws IOException {
        String text = lesson("16_positional_encoding.seq");
        EngineHarness h = new EngineHarness().run(text.substring(text.indexOf("set seed=1")));
        List<Double> exact = numbersAfter(h.output(), "exact-sequence accuracy ");
        List<Double> tokens = numbersAfter(h.output(), "token accuracy ");
        assertEquals(2, exact.size(), h.output());
        assertEquals(0.0, exact.get(0));
        assertEquals(50, tokens.get(0), 0.5, "without positions (the lesson says 50%)");
        assertEquals(100.0, exact.get(1), "with positions: all 400 held-out sequences");
        assertTrue(h.output().contains("\ng h d b e f a c\n"), h.output());
    }

    @Test
    @Tag("slow")
    void lesson19EverySentenceTheTrainedGptSamplesIsGrammaticalNoneBefore() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("19_gpt_causal_lm.seq"));
        List<String> samples = h.output().lines().filter(l -> l.startsWith("boy ") || l.startsWith("cat ")).toList();
        assertEquals(3, samples.size(), h.output());
        int[] before = grammatical(samples.get(0)), after1 = grammatical(samples.get(1)), after2 = grammatical(samples.get(2));
        assertEquals(0, before[0], samples.get(0));
        assertEquals(6, before[1]);
        assertEquals(22, after1[0] + after2[0]);
        assertEquals(after1[1] + after2[1], after1[0] + after2[0], "every sentence after training");
    }

    /** {grammatical, complete} sentences of a sample (the words before each "."). */
    static int[] grammatical(String sample) {
        String[] parts = sample.split(" \\.");
        int ok = 0, all = 0;
        for (int i = 0; i < parts.length - (sample.trim().endsWith(".") ? 0 : 1); i++) {
            List<String> words = List.of(parts[i].trim().split("\\s+"));
            if (words.isEmpty() || words.get(0).isEmpty()) continue;
            all++;
            if (org.seqlab.data.ElmanGrammar.grammatical(words)) ok++;
        }
        return new int[] {ok, all};
    }

    @Test
    void lesson20ScrambledWordsAreFarMoreSurprisingThanGrammaticalOnes() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("20_surprisal_perplexity.seq"));
        List<Double> ppl = numbersAfter(h.output(), "perplexity ");
        assertEquals(3, ppl.size(), h.output());
        assertEquals(5.1, ppl.get(0), 0.1);
        assertEquals(144, ppl.get(1), 3);
        assertEquals(17, ppl.get(2), 1);
        List<String[]> rows = valueRows(h.output(), 9);
        assertEquals(3, rows.size());
        assertEquals(6.7, Double.parseDouble(rows.get(2)[4]), 0.06, "cat after boy eat");
        assertEquals(6.6, Double.parseDouble(rows.get(2)[8]), 0.06, "cookie after dog chase");
    }

    @Test
    @Tag("slow")
    void lesson22TeacherForcingLeavesAGapFreeRunningAndTheScheduleDoNot() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("22_teacher_forcing.seq"));
        String out = h.output();
        assertTrue(out.contains("teacher forcing 1: the decoder always reads the target's previous token"), out);
        assertTrue(out.contains("teacher forcing 0, free running"), out);
        assertTrue(out.contains("teacher forcing scheduled: the ratio falls linearly from 1 at the first step to 0 at the last"), out);
        List<Double> tokens = numbersAfter(out, "token accuracy "), exact = numbersAfter(out, "exact-sequence accuracy ");
        assertEquals(3, exact.size(), out);
        assertEquals(95.8, tokens.get(0), 0.3);
        assertEquals(62.0, exact.get(0), 1.5);
        assertEquals(100.0, exact.get(1), 0.01);
        assertEquals(89.3, exact.get(2), 0.3);
    }

    @Test
    void lesson23CrossEntropyStartsFasterThanTheSquaredErrorUnderPlainSgd() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("23_mse_vs_cross_entropy.seq"));
        List<Double> acc = numbersAfter(h.output(), "  accuracy ");
        assertEquals(4, acc.size(), h.output());
        assertEquals(69.0, acc.get(0), 1.0, "cross-entropy after 100 steps");
        assertEquals(99.98, acc.get(1), 0.05, "cross-entropy after 400 steps");
        assertEquals(38.0, acc.get(2), 1.0, "squared error after 100 steps");
        assertEquals(95.3, acc.get(3), 1.0, "squared error after 400 steps");
    }

    @Test
    void lossMseIsRefusedOnALinearOutputWhichIsAlwaysMse() {
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run(
                "task adding length=5 samples=100\nmodel m { layer srn(hidden=4); output linear loss=mse }\ntrain m on adding steps=1"));
        assertTrue(f.diagnostics().get(0).message().contains("output linear is always trained by MSE"), f.diagnostics().get(0).message());
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

    /** "similarity 'a' 'b' = X" lines of the output, in order. */
    static List<Double> similarities(String output, String a, String b) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("similarity '" + a + "' '" + b + "' = (\\S+)").matcher(output);
        while (m.find()) out.add(Double.parseDouble(m.group(1)));
        return out;
    }

    /** The tokens of each "nearest to 'w'" table, in order. */
    static List<List<String>> nearest(String output) {
        List<List<String>> out = new ArrayList<>();
        String[] blocks = output.split("nearest to '");
        for (String block : java.util.Arrays.asList(blocks).subList(1, blocks.length)) {
            out.add(block.lines().filter(l -> l.matches("\\s+\\d+\\s+\\S+\\s+-?\\d\\.\\d{4}")).map(l -> l.trim().split("\\s+")[1]).toList());
        }
        return out;
    }

    @Test
    void lesson01OneHotIsOrthogonalAndCountAndLearnedVectorsPutSimilarWordsNear() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("01_words_as_vectors.seq"));
        String out = h.output();
        var oneHot = h.interp.workspace().vectors("onehot").space();
        var v = h.interp.workspace().vectors("onehot").vocabulary();
        for (int a = 0; a < v.size(); a++) {
            for (int b = a + 1; b < v.size(); b++) assertEquals(0.0, oneHot.similarity(v.token(a), v.token(b)), 0.0);
        }
        List<Double> near = similarities(out, "boy", "girl"), far = similarities(out, "boy", "cookie");
        assertEquals(List.of(0.0, 0.0), List.of(near.get(0), far.get(0)), out);
        assertEquals(3, near.size(), out);
        assertTrue(near.get(1) > 0.7 && near.get(1) > far.get(1) + 0.5, "count vectors: " + near + " " + far);
        assertTrue(near.get(2) > far.get(2) + 0.1, "learned embedding: " + near + " " + far);
        List<List<String>> tables = nearest(out);
        assertEquals(2, tables.size(), out);
        List<String> foods = List.of("bread", "apple", "cheese"), nouns = new ArrayList<>();
        org.seqlab.data.ElmanGrammar.categories().forEach((cat, words) -> {
            if (cat.startsWith("noun.")) nouns.addAll(words);
        });
        assertEquals(java.util.Set.copyOf(foods), java.util.Set.copyOf(tables.get(0).subList(0, 3)), "count vectors: " + tables.get(0));
        assertTrue(foods.contains(tables.get(1).get(0)), "learned: the nearest to cookie is a food: " + tables.get(1));
        assertTrue(nouns.containsAll(tables.get(1)), "learned: nouns near cookie: " + tables.get(1));
    }

    @Test
    void lesson18BertLearnsBothObjectivesAboveTheirBaselines() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("18_bert.seq"));
        String out = h.output();
        Matcher nsp = Pattern.compile("next sentence   (\\S+)%  \\(chance: 50\\.00%").matcher(out);
        assertTrue(nsp.find(), out);
        assertTrue(Double.parseDouble(nsp.group(1)) > 65, "next-sentence accuracy above chance: " + nsp.group(1));
        double acc = TrainingTest.number(out, "accuracy"), base = MaskedTrainingTest.baseline(out);
        assertTrue(acc > base + 20, "masked-token accuracy " + acc + " beside the unigram baseline " + base);
        List<Double> isNext = new ArrayList<>();
        Matcher p = Pattern.compile("IsNext   (\\S+)").matcher(out);
        while (p.find()) isNext.add(Double.parseDouble(p.group(1)));
        assertEquals(2, isNext.size(), out);
        assertTrue(isNext.get(0) > 0.5 && isNext.get(1) < 0.5, "the real next sentence is IsNext, the repeated question not: " + isNext);
        List<String> fills = out.substring(out.indexOf("<mask> 1 of 1")).lines().filter(l -> l.matches("\\d\\s+\\S+\\s+0\\.\\d{4}.*"))
                .limit(3).map(l -> l.trim().split("\\s+")[1]).toList();
        assertTrue(org.seqlab.data.ElmanGrammar.categories().get("noun.food").contains(fills.get(0)), "the top filler is a food: " + fills);
    }
}
