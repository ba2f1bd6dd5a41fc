package org.seqlab.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqlab bench} takes the model's sizes (recurrent: --hidden --layers --batch --seq; gpt: --layers --heads
 * --width --context --batch), trains that model, says the sizes in its table and JSON, and hands the same sizes to
 * the PyTorch scripts. Nothing here times anything.
 */
class BenchTest {
    private static final String PYTHON = "/usr/bin/python3";

    /** Exit code, standard output and standard error of one bench run. */
    private record Run(int code, String out, String err) {
        String json(int fromEnd) {
            List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
            return lines.get(lines.size() - 1 - fromEnd);
        }
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Bench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long number(String json, String key) {
        double v = Bench.jsonNumber(json, key);
        assertFalse(Double.isNaN(v), key + " in " + json);
        return Math.round(v);
    }

    /** A small text (21 distinct characters) the benches read as their corpus. */
    private static Path corpus(Path dir) throws IOException {
        String[] words = {"the", "king", "doth", "love", "thy", "sweet", "ROMEO:", "\n"};
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(1);
        while (sb.length() < 60_000) sb.append(words[r.nextInt(words.length)]).append(' ');
        Path f = dir.resolve("small.txt");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void badSizesAreUsageErrors() {
        Run r = bench("lstm", "--hidden", "0");
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("seqlab bench: --hidden takes a positive whole number, not '0'\nusage: seqlab bench lstm|gru|rnn"), r.err());
        r = bench("gru", "--seq");
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("seqlab bench: --seq needs a value\n"), r.err());
        r = bench("rnn", "--heads", "4");
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("seqlab bench: unknown argument '--heads'\n"), r.err());
        r = bench("gpt", "--width", "30", "--heads", "4");
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("seqlab bench gpt: --width 30 does not split into 4 heads\n"), r.err());
        r = bench("gpt", "--context", "x");
        assertEquals(64, r.code());
        assertTrue(r.err().startsWith("seqlab bench gpt: --context takes a positive whole number, not 'x'\n"), r.err());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void theSizesGoToThePytorchScripts() {
        Path script = Path.of("tools/pytorch/bench_rnn.py"), corpus = Path.of("c.txt");
        assertEquals(List.of(PYTHON, script.toString(), "--model", "gru", "--steps", "12", "--corpus", "c.txt", "--threads", "1",
                        "--hidden", "512", "--layers", "3", "--batch", "20", "--seq", "35", "--warmup", "5"),
                Bench.torchCommand(script, "gru", 7, corpus, new Bench.Sizes(512, 3, 20, 35, 5)), "5 warm-up steps, then 7 timed");
        assertEquals(List.of("--hidden", "128", "--layers", "2", "--batch", "50", "--seq", "50", "--warmup", "20"),
                Bench.torchCommand(script, "lstm", 100, corpus, new Bench.Sizes(128, 2, 50, 50, 20)).subList(10, 20),
                "both sides leave out the same warm-up steps");
        Path gpt = Path.of("tools/pytorch/bench_gpt.py");
        assertEquals(List.of(PYTHON, gpt.toString(), "--steps", "13", "--corpus", "c.txt", "--threads", "1",
                        "--layers", "6", "--heads", "6", "--width", "384", "--context", "128", "--batch", "16", "--warmup", "4"),
                GptBench.torchCommand(gpt, 4, 9, corpus, new GptBench.Sizes(6, 6, 384, 128, 16)));
    }

    /** --breakdown: the shares of the timed steps add up to the whole, and each kind of work shows where it is done. */
    @Test
    void theBreakdownSharesCoverTheTimedSteps(@TempDir Path dir) throws IOException {
        Run r = bench("lstm", "--steps", "8", "--warmup", "2", "--threads", "1", "--hidden", "16", "--layers", "1", "--batch", "4", "--seq", "8",
                "--corpus", corpus(dir).toString(), "--breakdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("where the time goes (timed steps, share of the cores' time)"), r.out());
        String json = r.json(0);
        double sum = 0;
        for (String part : List.of("gemm", "cell", "attention", "pointwise", "loss", "optimizer", "framework")) {
            double share = Bench.jsonNumber(json, part);
            assertTrue(share >= 0 && share <= 1, part + " " + share + " in " + json);
            sum += share;
        }
        assertEquals(1.0, sum, 0.01, json);
        assertEquals(0.0, Bench.jsonNumber(json, "attention"), json);
        for (String part : List.of("gemm", "cell", "loss", "optimizer")) assertTrue(Bench.jsonNumber(json, part) > 0, part + " in " + json);
        assertTrue(Bench.jsonNumber(json, "gemm_gflops") > 0, json);
        assertFalse(bench("lstm", "--steps", "6", "--warmup", "2", "--threads", "1", "--hidden", "8", "--batch", "2", "--seq", "4",
                "--corpus", corpus(dir).toString()).json(0).contains("breakdown"), "no breakdown unless asked");
    }

    /**
     * A GPT batch runs as two shards side by side on two threads: the breakdown counts each core's time once, so the
     * shares still add up to the whole instead of to twice it.
     */
    @Test
    void theBreakdownOfShardedStepsCountsEachCoreOnce(@TempDir Path dir) throws IOException {
        Run r = bench("gpt", "--steps", "6", "--warmup", "2", "--threads", "2", "--layers", "1", "--heads", "2", "--width", "16",
                "--context", "8", "--batch", "4", "--corpus", corpus(dir).toString(), "--breakdown");
        assertEquals(0, r.code(), r.err());
        String json = r.json(0);
        double sum = 0;
        for (String part : List.of("gemm", "cell", "attention", "pointwise", "loss", "optimizer", "framework")) sum += Bench.jsonNumber(json, part);
        assertEquals(1.0, sum, 0.01, json);
    }

    /**
     * --steps N counts the timed steps; --warmup N untimed ones go before them (said in the table and the JSON); the
     * whole run's rate counts them all.
     */
    @Test
    void theWarmUpStepsAreSaidAndTheWholeRunIsTimedToo(@TempDir Path dir) throws IOException {
        Run r = bench("rnn", "--steps", "9", "--warmup", "7", "--threads", "1", "--hidden", "8", "--layers", "1", "--batch", "2",
                "--seq", "4", "--corpus", corpus(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("steps +16 \\(threads 1; the first 7 are warm-up, not timed\\)")), r.out());
        String json = r.json(0);
        assertEquals(7, number(json, "warmup"));
        assertEquals(16, number(json, "steps"));
        assertTrue(number(json, "whole_run_tokens_per_s") > 0, json);
        Run negative = bench("rnn", "--warmup", "-1");
        assertEquals(64, negative.code());
        assertTrue(negative.err().startsWith("seqlab bench: --warmup takes a whole number, 0 or more, not '-1'\n"), negative.err());
        Run zero = bench("rnn", "--steps", "3", "--warmup", "0", "--threads", "1", "--hidden", "8", "--layers", "1", "--batch", "2",
                "--seq", "4", "--corpus", corpus(dir).toString());
        assertEquals(0, number(zero.json(0), "warmup"), "--warmup 0 times every step");
        assertEquals(3, number(zero.json(0), "steps"));
    }

    /** Without --warmup, the steps of the first 5 s of training (at least 5 of them) are warm-up; --warmup N is N steps. */
    @Test
    void theDefaultWarmUpLastsFiveSecondsAndFiveSteps() {
        long s = 1_000_000_000L;
        WarmUpRule rule = new WarmUpRule(WarmUpRule.AUTO);
        assertFalse(rule.timed(0, 7 * s), "the clock starts at the first step");
        assertFalse(rule.timed(300, 11 * s + s / 2), "under 5 s");
        assertTrue(rule.timed(301, 12 * s));
        WarmUpRule slow = new WarmUpRule(WarmUpRule.AUTO);
        assertFalse(slow.timed(0, 0));
        assertFalse(slow.timed(4, 60 * s), "at least 5 steps");
        assertTrue(slow.timed(5, 70 * s));
        WarmUpRule seven = new WarmUpRule(7);
        assertFalse(seven.timed(6, 100 * s), "--warmup 7: steps 0-6 untimed");
        assertTrue(seven.timed(7, 0));
    }

    /** A run's log: 3 warm-up steps, then 12 timed; the train loss is the mean of the last 10 steps' losses. */
    @Test
    void theStepLogCountsWarmUpAndTimedSteps() {
        StepLog log = new StepLog(3, 12);
        for (int i = 0; !log.done(); i++) {
            assertEquals(i >= 3, log.starting(i * 1_000_000L), "step " + i);
            log.finished(1_000_000L * (i + 1), i);
        }
        assertEquals(15, log.steps());
        assertEquals(3, log.warmup());
        assertEquals(12, log.timed());
        assertEquals(12, log.timedNs().length);
        assertEquals(4_000_000L, log.timedNs()[0], "the first timed step is step 3");
        assertEquals(120e-3, log.wholeSeconds(), 1e-12, "1 + 2 + ... + 15 ms");
        assertEquals(9.5, log.trainLoss(), 1e-12, "losses 5..14");
    }

    @Test
    void aRecurrentBenchTrainsTheSizesGiven(@TempDir Path dir) throws IOException {
        Run r = bench("lstm", "--steps", "6", "--warmup", "2", "--threads", "1", "--hidden", "16", "--layers", "2", "--batch", "4", "--seq", "8",
                "--corpus", corpus(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lstm (embed 64, 2x16, batch 4, seq 8, Adam 2e-3, clip 5)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("peak RSS +[0-9.]+ MB")), r.out());
        String json = r.json(0);
        assertEquals(16, number(json, "hidden"));
        assertEquals(2, number(json, "layers"));
        assertEquals(4, number(json, "batch"));
        assertEquals(8, number(json, "seq"));
        long v = number(json, "vocab"), h = 16, e = 64;
        assertEquals(21, v);
        // PyTorch's count: embedding, nn.LSTM's two layers (two biases each), linear head.
        assertEquals(v * e + 4 * h * (e + h + 2) + 4 * h * (h + h + 2) + h * v + v, number(json, "params"));
        assertTrue(number(json, "peak_rss_mb") > 0, json);
    }

    @Test
    void theGptBenchTrainsTheSizesGiven(@TempDir Path dir) throws IOException {
        Run r = bench("gpt", "--steps", "6", "--warmup", "2", "--threads", "1", "--layers", "2", "--heads", "2", "--width", "16", "--context", "8",
                "--batch", "3", "--corpus", corpus(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("gpt (2L/2H/16d ctx8 B3, AdamW 1e-3, clip 1)"), r.out());
        String json = r.json(0);
        assertEquals(List.of(2L, 2L, 16L, 8L, 3L), List.of(number(json, "layers"), number(json, "heads"), number(json, "width"),
                number(json, "context"), number(json, "batch")));
        long v = 21, c = 16, t = 8, blocks = 2;
        // token and position tables, blocks (LayerNorms, qkv, projection, MLP 4x, all with biases), final norm, head with bias
        assertEquals(v * c + t * c + blocks * (12 * c * c + 13 * c) + 2 * c + c * v + v, number(json, "params"));
        assertTrue(number(json, "peak_rss_mb") > 0, json);
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @Tag("slow")
    void pytorchTrainsTheSameSizes(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        Path text = corpus(dir);
        Run r = bench("gru", "--steps", "6", "--warmup", "2", "--threads", "1", "--hidden", "12", "--layers", "3", "--batch", "5", "--seq", "7",
                "--corpus", text.toString(), "--vs-pytorch");
        assertEquals(0, r.code(), r.err());
        String json = r.json(0);
        assertEquals(number(json, "params"), number(json, "torch_params"), "the same GRU on both sides:\n" + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("PyTorch peak RSS +[0-9.]+ MB \\([0-9]+ parameters\\)")), r.out());
        assertTrue(number(json, "torch_peak_rss_mb") > 0, json);

        r = bench("gpt", "--steps", "6", "--warmup", "2", "--threads", "1", "--layers", "3", "--heads", "2", "--width", "12", "--context", "6",
                "--batch", "2", "--corpus", text.toString(), "--vs-pytorch");
        assertEquals(0, r.code(), r.err());
        String torch = r.json(0), seqlab = r.json(1);
        for (String k : List.of("layers", "heads", "width", "context", "batch")) assertEquals(number(seqlab, k), number(torch, k), k);
        // seqlab's head is untied and has a bias: vocab * (width + 1) more parameters than nanoGPT's tied head.
        assertEquals(number(seqlab, "params") - 21 * 13, number(torch, "params"), r.out());
    }
}
