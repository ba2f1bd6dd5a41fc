package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Corpus;
import org.seqlab.data.TokenKind;
import org.seqlab.nn.Param;
import org.seqlab.train.HistoryPoint;
import org.seqlab.train.Progress;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.Trainer;
import org.seqlab.session.ModelSession;

class TrainingTest {

    private static final String TRAIN = "train lm on elman steps=12 batch=4 seq=8 lr=1e-2\n";

    @Test
    void trainingLowersTheLossAndContinues() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=40 batch=4 seq=8 lr=2e-2\n");
        List<Double> l = h.losses("lm");
        assertEquals(40, l.size());
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3, last = (l.get(37) + l.get(38) + l.get(39)) / 3;
        assertTrue(last < first - 0.5, "loss " + first + " -> " + last);
        assertTrue(h.output().contains("val_loss"), h.output());
        h.run("train lm on elman steps=5 batch=4 seq=8 lr=2e-2");
        assertEquals(45, h.session("lm").state.step());
    }

    @Test
    void sameSeedSameLosses() {
        String s = EngineHarness.DATA + EngineHarness.MODEL + TRAIN;
        List<Double> a = new EngineHarness().run(s).losses("lm");
        List<Double> b = new EngineHarness().run(s).losses("lm");
        assertEquals(a, b);
        List<Double> c = new EngineHarness().run(s.replace("seed=7", "seed=8")).losses("lm");
        assertNotEquals(a, c);
    }

    @Test
    void everyAndWhenRules() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=20 batch=4 seq=8 {\n  every 4 steps: sample 3 from \"boy\" greedy\n  when step >= 10: stop\n}\n");
        assertEquals(10, h.session("lm").state.step());
        long samples = h.output().lines().filter(x -> x.startsWith("boy ")).count();
        assertEquals(2, samples, h.output());
        assertTrue(h.output().contains("stopped by a rule at step 10"), h.output());
    }

    @Test
    void stopFlagEndsAtAStepBoundaryAndTrainingContinues() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=1 batch=4 seq=8\n");
        ModelSession s = h.session("lm");
        Corpus data = (Corpus) h.interp.workspace().data("elman").data();
        AtomicBoolean stop = new AtomicBoolean();
        TrainConfig cfg = new TrainConfig(10, 1, 4, 8, 1e-3f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        Trainer.Result r = new Trainer(s.state, data, cfg, Progress.SILENT, rep -> {
            if (rep.runStep() == 3) stop.set(true);
            return false;
        }, stop).run();
        assertEquals(Trainer.End.INTERRUPTED, r.end());
        assertEquals(3, r.steps());
        assertEquals(4, s.state.step());
        stop.set(false);
        new Trainer(s.state, data, cfg, Progress.SILENT, Trainer.Hook.NONE, stop).run();
        assertEquals(14, s.state.step());
    }

    /** Time held at a step boundary (a :pause, served inspections) is not training time: tok/s and the ETA leave it out. */
    @Test
    void timeHeldAtAStepBoundaryIsNotCountedAsTraining() throws Exception {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=1 batch=4 seq=8\n");
        Corpus data = (Corpus) h.interp.workspace().data("elman").data();
        TrainConfig cfg = new TrainConfig(3, 1, 4, 8, 1e-3f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        long t0 = System.nanoTime();
        Trainer.Result r = new Trainer(h.session("lm").state, data, cfg, Progress.SILENT, rep -> {
            if (rep.runStep() == 1) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return false;
        }, new AtomicBoolean()).run();
        double wall = (System.nanoTime() - t0) / 1e9;
        // elapsed = run time less the held second, whatever the machine's speed: elapsed <= wall - 1.
        assertTrue(r.last().elapsed() <= wall - 1.0, "elapsed " + r.last().elapsed() + " s of " + wall + " s wall");
        assertEquals(r.last().tokensPerS(), 3 * 4 * 8 / r.last().elapsed(), 1e-6 * r.last().tokensPerS());
    }

    @Test
    void nonFiniteLossStopsWithTheStepAndKeepsTheLastGoodWeights() {
        String good = EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=3 batch=4 seq=8 lr=1e-2\n";
        // lr=1e30 makes the first update's weights overflow: the run goes back to the weights of step 3.
        EngineHarness h = new EngineHarness().run(good + "train lm on elman steps=30 batch=4 seq=8 optimizer=sgd lr=1e30 clip=1e30\n");
        assertTrue(h.output().contains("training stopped: ") && h.output().contains("weights kept from step 3"), h.output());
        assertEquals(3, h.session("lm").state.step(), h.output());
        // Exactly the weights of the run that stopped at step 3, all finite.
        Map<String, float[]> stopped = weights(h), reference = weights(new EngineHarness().run(good));
        assertEquals(reference.keySet(), stopped.keySet());
        for (var e : reference.entrySet()) {
            for (float x : stopped.get(e.getKey())) assertTrue(Float.isFinite(x), e.getKey() + " holds " + x);
            assertArrayEquals(e.getValue(), stopped.get(e.getKey()), e.getKey());
        }
    }

    private static Map<String, float[]> weights(EngineHarness h) {
        Map<String, float[]> out = new TreeMap<>();
        for (Param p : h.session("lm").state.model().params()) out.put(p.name(), p.value().toHost());
        return out;
    }

    @Test
    void theScheduleSetsTheRateOfEveryStep() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=10 batch=4 seq=8 lr=0.01 schedule=cosine warmup=4\n");
        double[] lr = h.session("lm").state.history().stream().mapToDouble(HistoryPoint::lr).toArray();
        // warm-up 0.0025 .. 0.01 over 4 steps, then a cosine over the last 6 (ScheduleTest has the formula)
        double[] expected = {0.0025, 0.005, 0.0075, 0.01, 0.01, 0.0093301, 0.0075, 0.005, 0.0025, 0.0006699};
        assertArrayEquals(expected, lr, 1e-6);
    }

    @Test
    void evaluateReportsTokenMetrics() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + TRAIN + "evaluate lm on elman\n");
        String out = h.output();
        double loss = number(out, "loss   "), ppl = number(out, "perplexity"), bits = number(out, "bits per token");
        assertEquals(Math.exp(loss), ppl, 1e-2 * ppl);
        assertEquals(loss / Math.log(2), bits, 1e-3);
        assertTrue(out.contains("accuracy"), out);
    }

    @Test
    void classificationAndRegressionTasksTrain() {
        EngineHarness h = new EngineHarness().run("task parity length=4 samples=200\nmodel c { layer gru(hidden=8); output softmax }\n"
                + "train c on parity epochs=2 batch=16\nevaluate c on parity\n"
                + "task adding length=6 samples=200\nmodel r { layer lstm(hidden=8); output linear }\n"
                + "train r on adding epochs=2 batch=16\nevaluate r on adding\n");
        assertTrue(h.output().contains("accuracy"), h.output());
        assertTrue(h.output().contains("mse"), h.output());
    }

    @Test
    void samplingOptions() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + TRAIN);
        String greedy1 = sampleLine(h, "sample 12 from \"boy\" greedy");
        String greedy2 = sampleLine(h, "sample 12 from \"boy\" greedy");
        String topk1 = sampleLine(h, "sample 12 from \"boy\" top_k=1");
        assertEquals(greedy1, greedy2);
        assertEquals(greedy1, topk1);
        assertEquals(13, greedy1.split(" ").length, greedy1);
        // A temperature near 0 and a nucleus of one token are greedy too (SamplerTest has the statistics).
        assertEquals(greedy1, sampleLine(h, "sample 12 from \"boy\" temperature=0.0001"));
        assertEquals(greedy1, sampleLine(h, "sample 12 from \"boy\" top_p=0.000001"));
        // With all three filters: 12 words of the corpus after the prompt, and not the greedy text at a high temperature.
        Set<String> vocabulary = Set.copyOf(h.session("lm").compiled.data().vocabulary().tokens());
        String mixed = sampleLine(h, "sample 12 from \"boy\" top_k=5 top_p=0.9 temperature=0.8");
        String[] words = mixed.split(" ");
        assertEquals(13, words.length, mixed);
        assertEquals("boy", words[0], mixed);
        for (String w : words) assertTrue(vocabulary.contains(w), w + " is not in the vocabulary: " + mixed);
        assertNotEquals(greedy1, sampleLine(h, "sample 12 from \"boy\" temperature=5"));
        RunFailure f = assertThrows(RunFailure.class, () -> h.run("sample 5 from \"boy zebra\""));
        assertTrue(f.diagnostics().get(0).message().contains("zebra"), f.diagnostics().get(0).message());
    }

    @Test
    void charCorpusFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "the cat sat on the mat. ".repeat(60));
        EngineHarness h = new EngineHarness().run("model lm { embed 8; layer gru(hidden=16); output softmax }\n"
                + "train lm on \"" + f + "\" steps=10 batch=4 seq=16\n");
        int before = h.output().length();
        h.run("sample 20 from \"the \"");
        String sample = h.output().substring(before).replaceFirst("\\R$", "");
        // The prompt, then 20 characters, each one of the file's (a char vocabulary: no words, no spaces added).
        assertEquals(24, sample.length(), sample);
        assertTrue(sample.startsWith("the "), sample);
        for (char c : sample.substring(4).toCharArray()) assertTrue("the cat sat on the mat. ".indexOf(c) >= 0, "'" + c + "' in " + sample);
        assertEquals(TokenKind.CHAR, h.session("lm").compiled.data().vocabulary().kind());
        List<Double> loss = h.losses("lm");
        assertTrue(loss.get(9) < loss.get(0), "loss " + loss);
        String again = Corpus.load(f, TokenKind.CHAR, 0.9, 1).vocabulary().toString();
        assertTrue(again.startsWith("char"));
    }

    private static String sampleLine(EngineHarness h, String stmt) {
        int before = h.output().length();
        h.run(stmt);
        return h.output().substring(before).strip();
    }

    static double number(String out, String label) {
        for (String line : out.lines().toList()) {
            String t = line.strip();
            if (t.startsWith(label.strip()) && !t.startsWith("loss ") == !label.startsWith("loss")) {
                String[] parts = t.split("\\s+");
                return Double.parseDouble(parts[parts.length - 1].replace("%", ""));
            }
        }
        throw new AssertionError("no " + label + " in\n" + out);
    }
}
