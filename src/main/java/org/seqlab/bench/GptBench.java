package org.seqlab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.backend.Backends;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Init;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Targets;
import org.seqlab.nn.TransformerBlock;
import org.seqlab.train.optim.AdamW;
import org.seqlab.train.optim.GradClip;

/**
 * {@code GptBench [--steps N] [--corpus FILE] [--threads N] [--eval] [--vs-pytorch]}: nanoGPT's CPU configuration as
 * tools/pytorch/bench_gpt.py trains it (4 layers, 4 heads, width 128, context 64, batch 12 random windows,
 * AdamW lr 1e-3 betas 0.9/0.99, weight decay 0.1 on matrices, clip 1.0, no dropout, constant rate), and
 * prints one JSON line of the same shape (plus tokens_per_cpu_s: tokens per second of the calling thread's CPU
 * time, a fairer number on a loaded machine when threads = 1; best_tokens_per_s: the fastest step, as bench_gpt.py). Differences: the LM head is untied and has a bias (seqlab's
 * softmax output), so the model has vocab*(C+1) more parameters.
 */
public final class GptBench {
    static final int LAYERS = 4, HEADS = 4, WIDTH = 128, CONTEXT = 64, BATCH = 12, WARMUP = 5;

    private GptBench() {}

    public static void main(String[] args) throws IOException { System.exit(run(args, System.out, System.err)); }

    /** The GPT as a seqlab model: embed, learned positions, LAYERS blocks, final LayerNorm, softmax head. */
    static Model build(Backend be, int vocab, Random rnd) {
        Embedding wte = new Embedding(be, vocab, WIDTH, false, rnd);
        Init.normal(wte.weight().value(), 0.02f, rnd);
        Model m = new Model(be).input("wte", wte).add("wpe", new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, WIDTH, CONTEXT, rnd));
        for (int l = 0; l < LAYERS; l++) m.add("h." + l, new TransformerBlock(be, WIDTH, HEADS, 4 * WIDTH, true, 0f, LAYERS, rnd));
        m.add("ln_f", new LayerNorm(be, WIDTH, 1e-5f));
        SoftmaxOutput head = new SoftmaxOutput(be, WIDTH, vocab, SoftmaxOutput.DEFAULT_IGNORE, rnd);
        Init.normal(head.weight().value(), 0.02f, rnd);
        be.fill(head.bias().value(), 0);
        return m.output("lm_head", head);
    }

    /** Runs the benchmark; returns the exit code (0 ok, 64 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        int steps = 100, threads = Runtime.getRuntime().availableProcessors();
        String corpus = null;
        boolean eval = false, vsTorch = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--corpus" -> corpus = args[++i];
                case "--eval" -> eval = true;
                case "--vs-pytorch" -> vsTorch = true;
                default -> { err.println("usage: GptBench [--steps N] [--corpus FILE] [--threads N] [--eval] [--vs-pytorch]"); return 64; }
            }
        }
        String text = corpus == null ? BenchCorpus.generated(1_000_000) : Files.readString(Path.of(corpus), StandardCharsets.UTF_8);
        Path corpusFile = corpus == null ? null : Path.of(corpus);
        BenchCorpus data = new BenchCorpus(text);
        Backend be = Backends.create("cpu", threads);
        Random rnd = new Random(1337);
        Model model = build(be, data.vocab, rnd);
        List<Param> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (Param p : model.params()) (p.value().shape().rank() >= 2 ? decay : noDecay).add(p);
        AdamW optDecay = new AdamW(be, decay, 1e-3f, 0.9f, 0.99f, 1e-8f, 0.1f);
        AdamW optPlain = new AdamW(be, noDecay, 1e-3f, 0.9f, 0.99f, 1e-8f, 0f);
        int[] x = new int[CONTEXT * BATCH], y = new int[CONTEXT * BATCH];
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double timedNs = 0, cpuNs = 0, lossSum = 0, bestNs = Double.MAX_VALUE;
        int timed = 0;
        long start = System.nanoTime();
        for (int s = 1; s <= steps; s++) {
            for (int b = 0; b < BATCH; b++) {
                int at = rnd.nextInt(data.trainEnd - CONTEXT - 1);
                for (int t = 0; t < CONTEXT; t++) {
                    x[t * BATCH + b] = data.ids[at + t];
                    y[t * BATCH + b] = data.ids[at + t + 1];
                }
            }
            long t0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
            model.forward(x, 0, CONTEXT, BATCH, true);
            model.zeroGrad();
            double loss = model.loss(Targets.ids(y, 0), true);
            model.backward();
            GradClip.byNorm(be, model.params(), 1f);
            optDecay.step();
            optPlain.step();
            long dt = System.nanoTime() - t0, dc = cpu.getCurrentThreadCpuTime() - c0;
            if (s > WARMUP) { timedNs += dt; cpuNs += dc; timed++; bestNs = Math.min(bestNs, dt); }
            if (s > steps - 10) lossSum += loss;
            if (s % 50 == 0 || s == steps) {
                err.printf(Locale.ROOT, "step %5d  loss %.4f  %.0f tok/s%n", s, loss, timed == 0 ? 0 : BATCH * CONTEXT * timed / (timedNs / 1e9));
            }
        }
        double val = eval ? validate(model, data) : Double.NaN;
        double tokPerS = timed == 0 ? 0 : BATCH * CONTEXT * timed / (timedNs / 1e9);
        out.printf(Locale.ROOT, "{\"model\": \"gpt\", \"params\": %d, \"steps\": %d, \"tokens_per_s\": %.1f, \"ms_per_step\": %.3f, "
                        + "\"train_loss\": %.4f, \"val_loss\": %s, \"threads\": %d, \"wall_s\": %.2f, \"tokens_per_cpu_s\": %.1f, \"best_tokens_per_s\": %.1f}%n",
                model.parameterCount(), steps, tokPerS, timed == 0 ? 0 : timedNs / 1e6 / timed, lossSum / Math.min(10, steps),
                eval ? String.format(Locale.ROOT, "%.4f", val) : "null", threads, (System.nanoTime() - start) / 1e9,
                timed == 0 ? 0 : BATCH * CONTEXT * timed / (cpuNs / 1e9), timed == 0 ? 0 : BATCH * CONTEXT / (bestNs / 1e9));
        if (vsTorch) {
            if (corpusFile == null) {
                corpusFile = Files.createTempFile("seqlab-bench-gpt", ".txt");
                Files.writeString(corpusFile, text, StandardCharsets.UTF_8);
                corpusFile.toFile().deleteOnExit();
            }
            String torch = runTorch(steps, corpusFile, err);
            if (torch != null) {
                double tt = Bench.jsonNumber(torch, "tokens_per_s");
                err.printf(Locale.ROOT, "PyTorch %.0f tokens/s; seqlab / PyTorch %.2fx%n", tt, tokPerS / tt);
                out.println(torch);
            }
        }
        return 0;
    }

    /** Runs tools/pytorch/bench_gpt.py (1 thread) with /usr/bin/python3; its JSON line, or null with a message. */
    static String runTorch(int steps, Path corpus, PrintStream err) {
        Path script = Path.of(System.getProperty("seqlab.home", "."), "tools", "pytorch", "bench_gpt.py");
        if (!Files.isRegularFile(script)) { err.println("seqlab bench gpt: --vs-pytorch needs " + script); return null; }
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--steps", String.valueOf(steps),
                    "--corpus", corpus.toString(), "--threads", "1").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("{")) last = line;
            }
            if (p.waitFor() != 0 || last == null) { err.println("seqlab bench gpt: the PyTorch run failed"); return null; }
            return last;
        } catch (IOException | InterruptedException e) {
            err.println("seqlab bench gpt: cannot run PyTorch: " + e.getMessage());
            return null;
        }
    }

    /** Mean cross-entropy over the validation split cut into windows of CONTEXT (as bench_gpt.py). */
    static double validate(Model model, BenchCorpus data) {
        int n = (data.ids.length - data.trainEnd - 1) / CONTEXT;
        int[] x = new int[CONTEXT * BATCH], y = new int[CONTEXT * BATCH];
        double total = 0;
        long count = 0;
        for (int w0 = 0; w0 < n; w0 += BATCH) {
            int b = Math.min(BATCH, n - w0);
            for (int i = 0; i < b; i++) {
                int at = data.trainEnd + (w0 + i) * CONTEXT;
                for (int t = 0; t < CONTEXT; t++) {
                    x[t * b + i] = data.ids[at + t];
                    y[t * b + i] = data.ids[at + t + 1];
                }
            }
            model.forward(x, 0, CONTEXT, b, false);
            total += model.loss(Targets.ids(y, 0), false) * b * CONTEXT;
            count += (long) b * CONTEXT;
        }
        return total / count;
    }
}
