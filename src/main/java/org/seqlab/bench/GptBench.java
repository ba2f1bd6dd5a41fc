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
import org.seqlab.backend.TimedBackend;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Init;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Model;
import org.seqlab.train.DataParallel;
import org.seqlab.nn.Param;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Targets;
import org.seqlab.nn.TransformerBlock;
import org.seqlab.train.optim.AdamW;
import org.seqlab.train.optim.GradClip;

/**
 * {@code seqlab bench gpt [--steps N] [--corpus FILE] [--threads N] [--layers N] [--heads N] [--width N] [--context N]
 * [--batch N] [--eval] [--vs-pytorch]}: nanoGPT's CPU configuration as tools/pytorch/bench_gpt.py trains it, or the
 * sizes given (passed on to bench_gpt.py too) (4 layers, 4 heads, width 128, context 64, batch 12 random windows,
 * AdamW lr 1e-3 betas 0.9/0.99, weight decay 0.1 on matrices, clip 1.0, no dropout, constant rate), and
 * prints one JSON line of the same shape (plus tokens_per_cpu_s: tokens per second of the calling thread's CPU
 * time, a fairer number on a loaded machine when threads = 1; best_tokens_per_s: the fastest step, as bench_gpt.py). Differences: the LM head is untied and has a bias (seqlab's
 * softmax output), so the model has vocab*(C+1) more parameters.
 */
public final class GptBench {

    /** The sizes of the GPT bench: blocks, heads, width (C), context (T) and batch (B random windows). */
    record Sizes(int layers, int heads, int width, int context, int batch) {
        /** nanoGPT's CPU configuration. */
        static final Sizes REFERENCE = new Sizes(4, 4, 128, 64, 12);

        /** "4L/4H/128d ctx64 B12". */
        String describe() { return layers + "L/" + heads + "H/" + width + "d ctx" + context + " B" + batch; }

        /** The same sizes as bench_gpt.py's flags. */
        List<String> flags() {
            return List.of("--layers", String.valueOf(layers), "--heads", String.valueOf(heads), "--width", String.valueOf(width),
                    "--context", String.valueOf(context), "--batch", String.valueOf(batch));
        }
    }

    private GptBench() {}

    public static void main(String[] args) throws IOException { System.exit(run(args, System.out, System.err)); }

    /** The GPT as a seqlab model: embed, learned positions, the blocks, final LayerNorm, softmax head. */
    static Model build(Backend be, int vocab, Sizes z, Random rnd) {
        Embedding wte = new Embedding(be, vocab, z.width(), false, rnd);
        Init.normal(wte.weight().value(), 0.02f, rnd);
        Model m = new Model(be).input("wte", wte)
                .add("wpe", new PositionalEncoding(be, PositionalEncoding.Kind.LEARNED, z.width(), z.context(), rnd));
        for (int l = 0; l < z.layers(); l++) {
            m.add("h." + l, new TransformerBlock(be, z.width(), z.heads(), 4 * z.width(), true, 0f, z.layers(), rnd));
        }
        m.add("ln_f", new LayerNorm(be, z.width(), 1e-5f));
        SoftmaxOutput head = new SoftmaxOutput(be, z.width(), vocab, SoftmaxOutput.DEFAULT_IGNORE, rnd);
        Init.normal(head.weight().value(), 0.02f, rnd);
        be.fill(head.bias().value(), 0);
        return m.output("lm_head", head);
    }

    private static final String USAGE = "usage: seqlab bench gpt [--steps N] [--corpus FILE] [--threads N] [--layers N]"
            + " [--heads N] [--width N] [--context N] [--batch N] [--warmup N] [--eval] [--breakdown] [--step-times] [--vs-pytorch]\n"
            + "--steps N: timed steps (default 100), after the warm-up: --warmup N untimed steps (default: those of the\n"
            + "first 5 s of training, at least 5, while the JIT compiles the kernels)";

    /** Runs the benchmark; returns the exit code (0 ok, 64 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        int steps = 100, threads = Runtime.getRuntime().availableProcessors(), warmup = Bench.AUTO;
        Sizes ref = Sizes.REFERENCE;
        int layers = ref.layers(), heads = ref.heads(), width = ref.width(), context = ref.context(), batch = ref.batch();
        String corpus = null;
        boolean eval = false, vsTorch = false, breakdown = false, stepTimes = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--steps" -> steps = Bench.positive(args, ++i);
                    case "--threads" -> threads = Bench.positive(args, ++i);
                    case "--layers" -> layers = Bench.positive(args, ++i);
                    case "--heads" -> heads = Bench.positive(args, ++i);
                    case "--width" -> width = Bench.positive(args, ++i);
                    case "--context" -> context = Bench.positive(args, ++i);
                    case "--batch" -> batch = Bench.positive(args, ++i);
                    case "--corpus" -> {
                        if (++i >= args.length) throw new IllegalArgumentException("--corpus needs a value");
                        corpus = args[i];
                    }
                    case "--warmup" -> warmup = Bench.nonNegative(args, ++i);
                    case "--step-times" -> stepTimes = true;
                    case "--eval" -> eval = true;
                    case "--vs-pytorch" -> vsTorch = true;
                    case "--breakdown" -> breakdown = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (width % heads != 0) throw new IllegalArgumentException("--width " + width + " does not split into " + heads + " heads");
        } catch (IllegalArgumentException e) {
            err.println("seqlab bench gpt: " + e.getMessage() + "\n" + USAGE);
            return 64;
        }
        Sizes z = new Sizes(layers, heads, width, context, batch);
        String text = corpus == null ? BenchCorpus.generated(1_000_000) : Files.readString(Path.of(corpus), StandardCharsets.UTF_8);
        Path corpusFile = corpus == null ? null : Path.of(corpus);
        BenchCorpus data = new BenchCorpus(text);
        Backend be = Backends.create("cpu", threads);
        TimedBackend timer = breakdown ? TimedBackend.around(be) : null;
        try {
            return run(timer == null ? be : timer.backend(), timer, z, data, text, corpusFile, new Steps(warmup, steps, stepTimes), threads,
                    eval, vsTorch, out, err);
        } finally {
            be.shutdown();
        }
    }

    /** Untimed warm-up steps ({@link Bench#AUTO}: see WarmUpRule), timed steps, and whether every step's time is printed. */
    private record Steps(int warmup, int timed, boolean print) {}

    private static int run(Backend be, TimedBackend timer, Sizes z, BenchCorpus data, String text, Path corpusFile, Steps plan, int threads,
                           boolean eval, boolean vsTorch, PrintStream out, PrintStream err) throws IOException {
        final int CONTEXT = z.context(), BATCH = z.batch();
        Random rnd = new Random(1337);
        Model model = build(be, data.vocab, z, rnd);
        DataParallel step = new DataParallel(model, shard -> build(shard, data.vocab, z, new Random(1337)));
        List<Param> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (Param p : model.params()) (p.value().shape().rank() >= 2 ? decay : noDecay).add(p);
        AdamW optDecay = new AdamW(be, decay, 1e-3f, 0.9f, 0.99f, 1e-8f, 0.1f);
        AdamW optPlain = new AdamW(be, noDecay, 1e-3f, 0.9f, 0.99f, 1e-8f, 0f);
        int[] x = new int[CONTEXT * BATCH], y = new int[CONTEXT * BATCH];
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double timedNs = 0, cpuNs = 0, bestNs = Double.MAX_VALUE;
        StepLog log = new StepLog(plan.warmup(), plan.timed());
        int timed = 0;
        long start = System.nanoTime();
        try {
            while (!log.done()) {
                for (int b = 0; b < BATCH; b++) {
                    int at = rnd.nextInt(data.trainEnd - CONTEXT - 1);
                    for (int t = 0; t < CONTEXT; t++) {
                        x[t * BATCH + b] = data.ids[at + t];
                        y[t * BATCH + b] = data.ids[at + t + 1];
                    }
                }
                long t0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
                boolean timing = log.starting(t0);
                if (timing && log.timed() == 0 && timer != null) timer.reset();
                double loss = step.forward(x, y, 0, CONTEXT, BATCH);
                step.backward();
                GradClip.byNorm(be, model.params(), 1f);
                optDecay.step();
                optPlain.step();
                long dt = System.nanoTime() - t0, dc = cpu.getCurrentThreadCpuTime() - c0;
                log.finished(dt, loss);
                if (timing) { timedNs += dt; cpuNs += dc; timed++; bestNs = Math.min(bestNs, dt); }
                if (log.steps() % 50 == 0 || log.done()) {
                    err.printf(Locale.ROOT, "step %5d  loss %.4f  %.0f tok/s%n", log.steps(), loss, timed == 0 ? 0 : BATCH * CONTEXT * timed / (timedNs / 1e9));
                }
            }
        } finally {
            step.close();
        }
        final int steps = log.steps(), warm = log.warmup();
        if (plan.print()) Bench.printStepTimes(log.stepNs(), err);
        double wholeTokPerS = (double) BATCH * CONTEXT * steps / log.wholeSeconds();
        Breakdown parts = timer == null ? null : Breakdown.of(timer, timedNs / 1e9, be.threads());
        double val = eval ? validate(model, data, z) : Double.NaN;
        double tokPerS = timed == 0 ? 0 : BATCH * CONTEXT * timed / (timedNs / 1e9);
        double peakMb = Bench.peakRssKb() / 1024.0;
        String torch = null;
        if (vsTorch) {
            if (corpusFile == null) {
                corpusFile = Files.createTempFile("seqlab-bench-gpt", ".txt");
                Files.writeString(corpusFile, text, StandardCharsets.UTF_8);
                corpusFile.toFile().deleteOnExit();
            }
            torch = runTorch(warm, plan.timed(), corpusFile, z, err);
        }
        out.printf(Locale.ROOT, "%-22s %s%n", "model", "gpt (" + z.describe() + ", AdamW 1e-3, clip 1)");
        out.printf(Locale.ROOT, "%-22s %d%n", "parameters", model.parameterCount());
        out.printf(Locale.ROOT, "%-22s %d (threads %d; the first %d are warm-up, not timed)%n", "steps", steps, threads, warm);
        out.printf(Locale.ROOT, "%-22s %.0f%n", "tokens/s", tokPerS);
        out.printf(Locale.ROOT, "%-22s %.0f%n", "whole run tok/s", wholeTokPerS);
        out.printf(Locale.ROOT, "%-22s %.1f MB%n", "peak RSS", peakMb);
        if (parts != null) parts.print(out);
        if (torch != null) {
            double tt = Bench.jsonNumber(torch, "tokens_per_s");
            out.printf(Locale.ROOT, "%-22s %.0f%n", "PyTorch tokens/s", tt);
            out.printf(Locale.ROOT, "%-22s %.1f MB (%.0f parameters)%n", "PyTorch peak RSS", Bench.jsonNumber(torch, "peak_rss_mb"),
                    Bench.jsonNumber(torch, "params"));
            double tw = Bench.jsonNumber(torch, "whole_run_tokens_per_s");
            out.printf(Locale.ROOT, "%-22s %.0f (all steps, warm-up included, seqlab / PyTorch %.2fx)%n", "PyTorch whole run", tw,
                    wholeTokPerS / tw);
            out.printf(Locale.ROOT, "%-22s %.2fx%n", "seqlab / PyTorch", tokPerS / tt);
        }
        String json = String.format(Locale.ROOT, "{\"model\": \"gpt\", \"layers\": %d, \"heads\": %d, \"width\": %d, \"context\": %d, \"batch\": %d, "
                        + "\"params\": %d, \"steps\": %d, \"tokens_per_s\": %.1f, \"ms_per_step\": %.3f, "
                        + "\"train_loss\": %.4f, \"val_loss\": %s, \"threads\": %d, \"wall_s\": %.2f, \"tokens_per_cpu_s\": %.1f, "
                        + "\"best_tokens_per_s\": %.1f, \"peak_rss_mb\": %.1f, \"warmup\": %d, \"whole_run_tokens_per_s\": %.1f",
                z.layers(), z.heads(), z.width(), z.context(), z.batch(),
                model.parameterCount(), steps, tokPerS, timed == 0 ? 0 : timedNs / 1e6 / timed, log.trainLoss(),
                eval ? String.format(Locale.ROOT, "%.4f", val) : "null", threads, (System.nanoTime() - start) / 1e9,
                timed == 0 ? 0 : BATCH * CONTEXT * timed / (cpuNs / 1e9), timed == 0 ? 0 : BATCH * CONTEXT / (bestNs / 1e9), peakMb, warm, wholeTokPerS);
        out.println(json + (parts == null ? "" : parts.json()) + "}");
        if (torch != null) out.println(torch);
        return 0;
    }

    /** Runs tools/pytorch/bench_gpt.py (1 thread) with /usr/bin/python3; its JSON line, or null with a message. */
    static String runTorch(int warmup, int steps, Path corpus, Sizes sizes, PrintStream err) {
        Path script = Path.of(System.getProperty("seqlab.home", "."), "tools", "pytorch", "bench_gpt.py");
        if (!Files.isRegularFile(script)) { err.println("seqlab bench gpt: --vs-pytorch needs " + script); return null; }
        return Bench.runPython(torchCommand(script, warmup, steps, corpus, sizes), "seqlab bench gpt", err);
    }

    /** bench_gpt.py's command line: the same warm-up and timed steps, corpus and sizes, one thread. */
    static List<String> torchCommand(Path script, int warmup, int steps, Path corpus, Sizes sizes) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--steps", String.valueOf(warmup + steps),
                "--corpus", corpus.toString(), "--threads", "1"));
        cmd.addAll(sizes.flags());
        cmd.addAll(List.of("--warmup", String.valueOf(warmup)));
        return cmd;
    }

    /** Mean cross-entropy over the validation split cut into windows of the context (as bench_gpt.py). */
    static double validate(Model model, BenchCorpus data, Sizes z) {
        final int CONTEXT = z.context(), BATCH = z.batch();
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
