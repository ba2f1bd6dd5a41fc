package org.seqlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.Backends;
import org.seqlab.backend.TimedBackend;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Gru;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Srn;
import org.seqlab.train.TbpttStep;
import org.seqlab.train.optim.Adam;

/**
 * {@code seqlab bench lstm|gru|rnn [--steps N] [--corpus FILE] [--threads N] [--hidden N] [--layers N] [--batch N]
 * [--seq N] [--vs-pytorch]}: trains the char-rnn reference configuration (embedding 64, 2 recurrent layers of 128,
 * batch 50, seq 50, Adam 2e-3, clip 5, truncated BPTT over B contiguous streams), or the sizes given, and prints a
 * table, then one JSON line; {@code --vs-pytorch} passes the same sizes to tools/pytorch/bench_rnn.py.
 */
public final class Bench {
    private static final int EMBED = 64;
    /** --warmup's default: decided while the bench runs ({@link WarmUpRule}). */
    static final int AUTO = WarmUpRule.AUTO;
    private static final String USAGE = "usage: seqlab bench lstm|gru|rnn [--steps N] [--corpus FILE] [--threads N]"
            + " [--hidden N] [--layers N] [--batch N] [--seq N] [--warmup N] [--breakdown] [--step-times] [--vs-pytorch]\n"
            + "       seqlab bench gpt [--steps N] [--corpus FILE] [--threads N] [--layers N] [--heads N] [--width N]"
            + " [--context N] [--batch N] [--warmup N] [--eval] [--breakdown] [--step-times] [--vs-pytorch]\n"
            + "--steps N: timed steps (default 100), after the warm-up: --warmup N untimed steps (default: those of the\n"
            + "first 5 s of training, at least 5, while the JIT compiles the kernels)";

    /**
     * The sizes of a recurrent bench: hidden width and layers of the recurrent stack, streams (B) and window (T), and
     * the untimed warm-up steps ({@link #AUTO} before the run: decided by time).
     */
    record Sizes(int hidden, int layers, int batch, int seq, int warmup) {
        /** char-rnn's reference configuration. */
        static final Sizes REFERENCE = new Sizes(128, 2, 50, 50, AUTO);

        Sizes(int hidden, int layers, int batch, int seq) { this(hidden, layers, batch, seq, AUTO); }

        Sizes withWarmup(int steps) { return new Sizes(hidden, layers, batch, seq, steps); }

        /** "2x128, batch 50, seq 50". */
        String describe() { return layers + "x" + hidden + ", batch " + batch + ", seq " + seq; }

        /** The same sizes and warm-up as bench_rnn.py's flags. */
        List<String> flags() {
            return List.of("--hidden", String.valueOf(hidden), "--layers", String.valueOf(layers), "--batch", String.valueOf(batch),
                    "--seq", String.valueOf(seq), "--warmup", String.valueOf(warmup));
        }
    }

    private Bench() {}

    public static void main(String[] args) { System.exit(run(args, System.out, System.err)); }

    /** {@code seqlab bench gpt ...}: nanoGPT's CPU configuration ({@link GptBench}). */
    private static int gpt(String[] args, PrintStream out, PrintStream err) {
        try {
            return GptBench.run(args, out, err);
        } catch (IOException | RuntimeException e) {
            err.println("seqlab bench gpt: " + e.getMessage());
            return 70;
        }
    }

    /** Runs the benchmark; returns the exit code (0 ok, 64 usage, 70 failure). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("gpt")) return gpt(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        String model = null, corpus = null;
        int steps = 100, threads = Runtime.getRuntime().availableProcessors();
        Sizes ref = Sizes.REFERENCE;
        int hidden = ref.hidden(), layers = ref.layers(), batch = ref.batch(), seq = ref.seq(), warmup = AUTO;
        boolean vsTorch = false, breakdown = false, stepTimes = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--steps" -> steps = positive(args, ++i);
                    case "--threads" -> threads = positive(args, ++i);
                    case "--hidden" -> hidden = positive(args, ++i);
                    case "--layers" -> layers = positive(args, ++i);
                    case "--batch" -> batch = positive(args, ++i);
                    case "--seq" -> seq = positive(args, ++i);
                    case "--warmup" -> warmup = nonNegative(args, ++i);
                    case "--corpus" -> corpus = args[++i];
                    case "--vs-pytorch" -> vsTorch = true;
                    case "--breakdown" -> breakdown = true;
                    case "--step-times" -> stepTimes = true;
                    case "lstm", "gru", "rnn" -> model = args[i];
                    default -> { err.println("seqlab bench: unknown argument '" + args[i] + "'\n" + USAGE); return 64; }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("seqlab bench: " + e.getMessage() + "\n" + USAGE);
            return 64;
        }
        if (model == null) { err.println("seqlab bench: which model? lstm, gru, rnn or gpt\n" + USAGE); return 64; }
        Sizes sizes = new Sizes(hidden, layers, batch, seq, warmup);
        try {
            String text;
            Path corpusFile;
            if (corpus != null) {
                corpusFile = Path.of(corpus);
                text = Files.readString(corpusFile, StandardCharsets.UTF_8);
            } else {
                text = BenchCorpus.generated(1_100_000);
                corpusFile = null;
            }
            Result r = train(model, new BenchCorpus(text), steps, threads, sizes, breakdown, stepTimes, err);
            String torch = null;
            if (vsTorch) {
                if (corpusFile == null) {
                    corpusFile = Files.createTempFile("seqlab-bench", ".txt");
                    Files.writeString(corpusFile, text, StandardCharsets.UTF_8);
                    corpusFile.toFile().deleteOnExit();
                }
                torch = runTorch(model, steps, corpusFile, r.sizes(), err);
            }
            print(out, r, torch);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("seqlab bench: " + e.getMessage());
            return 70;
        }
    }

    /** The value after a flag as a positive int; an IllegalArgumentException names the flag otherwise. */
    static int positive(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        try {
            int v = Integer.parseInt(args[i]);
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(args[i - 1] + " takes a positive whole number, not '" + args[i] + "'");
    }

    /** The value after a flag as an int >= 0; an IllegalArgumentException names the flag otherwise. */
    static int nonNegative(String[] args, int i) {
        if (i < args.length && args[i].equals("0")) return 0;
        try {
            return positive(args, i);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("a positive whole number", "a whole number, 0 or more"));
        }
    }

    /**
     * tokensPerCpuS counts the timed tokens over the process's CPU time in those steps: on a busy machine it shows
     * what undisturbed cores would do (with one thread it compares with PyTorch's tokens_per_cpu_s).
     */
    record Result(String model, Sizes sizes, int vocab, long params, int steps, double tokensPerS, double msPerStep,
                  double trainLoss, double valLoss, int threads, long peakRssKb, double tokensPerCpuS, double bestTokensPerS,
                  double wholeTokensPerS, Breakdown breakdown) {}

    /** Steps in the window of best_tokens_per_s, as tools/pytorch/bench_rnn.py. */
    private static final int BEST_WINDOW = 10;

    /** Tokens per second over the fastest BEST_WINDOW consecutive timed steps: what a machine does undisturbed. */
    static double bestTokensPerS(long[] stepNs, int n, int tokensPerStep) {
        if (n < BEST_WINDOW) return Double.NaN;
        long sum = 0, best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            sum += stepNs[i];
            if (i >= BEST_WINDOW) sum -= stepNs[i - BEST_WINDOW];
            if (i >= BEST_WINDOW - 1) best = Math.min(best, sum);
        }
        return (double) BEST_WINDOW * tokensPerStep / (best / 1e9);
    }

    static Result train(String kind, BenchCorpus c, int steps, int threads, Sizes sz, PrintStream err) {
        return train(kind, c, steps, threads, sz, false, false, err);
    }

    /**
     * With breakdown, every backend call is timed by kind ({@link TimedBackend}: a little slower); with stepTimes,
     * every step's wall time, warm-up included, goes to err ("step-ms 1 38.2 ..."), to see what JIT warm-up costs.
     */
    static Result train(String kind, BenchCorpus c, int steps, int threads, Sizes sz, boolean breakdown, boolean stepTimes,
                        PrintStream err) {
        Backend plain = Backends.create("cpu", threads);
        TimedBackend timer = breakdown ? TimedBackend.around(plain) : null;
        try {
            return train(timer == null ? plain : timer.backend(), timer, kind, c, steps, sz, stepTimes, err);
        } finally {
            plain.shutdown();
        }
    }

    /** The char-rnn reference model of the given kind and sizes (the same weights from the same seed). */
    private static Model build(Backend be, String kind, int vocab, Sizes sz) {
        Random rnd = new Random(1234);
        Recurrent rec = switch (kind) {
            case "lstm" -> new Lstm(be, EMBED, sz.hidden(), sz.layers(), false, 0f, 0f, rnd);
            case "gru" -> new Gru(be, EMBED, sz.hidden(), sz.layers(), false, 0f, rnd);
            default -> new Srn(be, EMBED, sz.hidden(), sz.layers(), false, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd);
        };
        return new Model(be).input("embed", new Embedding(be, vocab, EMBED, false, rnd)).add("rnn", rec)
                .output("out", new SoftmaxOutput(be, sz.hidden(), vocab, SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    private static Result train(Backend be, TimedBackend timer, String kind, BenchCorpus c, int steps, Sizes sz, boolean stepTimes,
                                PrintStream err) {
        final int SEQ = sz.seq(), BATCH = sz.batch();
        Model m = build(be, kind, c.vocab, sz);
        // As a train run does: on the CPU the batch's streams run as two shards side by side (train.DataParallel).
        TbpttStep step = new TbpttStep(m, new Adam(be, m.params(), 2e-3f), TbpttStep.Clip.NORM, 5f, shard -> build(shard, kind, c.vocab, sz));
        int[] in = new int[SEQ * BATCH], tg = new int[SEQ * BATCH];
        StepLog log = new StepLog(sz.warmup(), steps);
        int k = 0;
        long t0 = 0, cpu0 = 0;
        try {
            while (!log.done()) {
                long ts = System.nanoTime();
                if (log.starting(ts) && log.timed() == 0) {
                    t0 = ts;
                    cpu0 = processCpuNanos();
                    if (timer != null) timer.reset();
                }
                if (!c.batch(0, c.trainEnd, k, SEQ, BATCH, in, tg)) {
                    k = 0;
                    m.resetState();
                    c.batch(0, c.trainEnd, k, SEQ, BATCH, in, tg);
                }
                k++;
                double loss = step.step(in, tg, 0, SEQ, BATCH);
                log.finished(System.nanoTime() - ts, loss);
                if (log.steps() % 50 == 0) err.printf(Locale.ROOT, "step %d loss %.4f%n", log.steps(), loss);
            }
            double seconds = (System.nanoTime() - t0) / 1e9, cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            int timed = steps;
            if (stepTimes) printStepTimes(log.stepNs(), err);
            Breakdown parts = timer == null ? null : Breakdown.of(timer, seconds, be.threads());
            m.resetState();
            double val = 0;
            int vb = 0;
            for (int v = 0; c.batch(c.trainEnd, c.ids.length, v, SEQ, BATCH, in, tg); v++, vb++) val += step.evaluate(in, tg, 0, SEQ, BATCH);
            return new Result(kind, sz.withWarmup(log.warmup()), c.vocab, m.parameterCount(), log.steps(), (double) timed * SEQ * BATCH / seconds,
                    seconds * 1000 / timed, log.trainLoss(), vb == 0 ? Double.NaN : val / vb, be.threads(), peakRssKb(),
                    cpuSeconds > 0 ? (double) timed * SEQ * BATCH / cpuSeconds : Double.NaN,
                    bestTokensPerS(log.timedNs(), timed, SEQ * BATCH), (double) log.steps() * SEQ * BATCH / log.wholeSeconds(), parts);
        } finally {
            step.close();
        }
    }

    /** "step-ms" and every step's milliseconds, ten a line, each line starting with its first step's number. */
    static void printStepTimes(long[] ns, PrintStream err) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ns.length; i++) {
            if (i % 10 == 0) sb.append(i == 0 ? "" : "\n").append(String.format(Locale.ROOT, "step-ms %4d", i + 1));
            sb.append(String.format(Locale.ROOT, " %6.1f", ns[i] / 1e6));
        }
        err.println(sb);
    }

    /** CPU time of the whole process (all threads), or 0 where the platform cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** VmHWM from /proc/self/status (Linux), or -1. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Runs tools/pytorch/bench_rnn.py with /usr/bin/python3; returns its JSON line, or null with a message. */
    static String runTorch(String kind, int steps, Path corpus, Sizes sizes, PrintStream err) {
        Path script = Path.of(System.getProperty("seqlab.home", "."), "tools", "pytorch", "bench_rnn.py");
        if (!Files.isRegularFile(script)) { err.println("seqlab bench: --vs-pytorch needs " + script); return null; }
        return runPython(torchCommand(script, kind, steps, corpus, sizes), "seqlab bench", err);
    }

    /** bench_rnn.py's command line: the same model kind, warm-up and timed steps, corpus and sizes, one thread. */
    static List<String> torchCommand(Path script, String kind, int steps, Path corpus, Sizes sizes) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--model", kind,
                "--steps", String.valueOf(sizes.warmup() + steps), "--corpus", corpus.toString(), "--threads", "1"));
        cmd.addAll(sizes.flags());
        return cmd;
    }

    /** Runs a PyTorch bench script; returns its last JSON line, or null with a message (who says it: the prefix). */
    static String runPython(List<String> cmd, String who, PrintStream err) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) last = line;
            }
            if (p.waitFor() != 0 || last == null) { err.println(who + ": the PyTorch run failed (is torch importable by /usr/bin/python3?)"); return null; }
            return last;
        } catch (IOException | InterruptedException e) {
            err.println(who + ": cannot run PyTorch: " + e.getMessage());
            return null;
        }
    }

    static double jsonNumber(String json, String key) {
        Matcher mt = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE+]+)").matcher(json);
        return mt.find() ? Double.parseDouble(mt.group(1)) : Double.NaN;
    }

    static void print(PrintStream out, Result r, String torch) {
        out.printf(Locale.ROOT, "%-22s %s%n", "model", r.model() + " (embed " + EMBED + ", " + r.sizes().describe() + ", Adam 2e-3, clip 5)");
        out.printf(Locale.ROOT, "%-22s %d%n", "parameters", r.params());
        out.printf(Locale.ROOT, "%-22s %d (threads %d; the first %d are warm-up, not timed)%n", "steps", r.steps(), r.threads(),
                r.sizes().warmup());
        out.printf(Locale.ROOT, "%-22s %.0f%n", "tokens/s", r.tokensPerS());
        out.printf(Locale.ROOT, "%-22s %.0f%n", "whole run tok/s", r.wholeTokensPerS());
        out.printf(Locale.ROOT, "%-22s %.2f%n", "ms/step", r.msPerStep());
        out.printf(Locale.ROOT, "%-22s %.0f%n", "tokens/CPU-s", r.tokensPerCpuS());
        out.printf(Locale.ROOT, "%-22s %.0f%n", "best 10 steps tok/s", r.bestTokensPerS());
        out.printf(Locale.ROOT, "%-22s %.4f%n", "train loss", r.trainLoss());
        out.printf(Locale.ROOT, "%-22s %.4f%n", "validation loss", r.valLoss());
        out.printf(Locale.ROOT, "%-22s %.1f MB%n", "peak RSS", r.peakRssKb() / 1024.0);
        if (r.breakdown() != null) r.breakdown().print(out);
        StringBuilder json = new StringBuilder();
        Sizes z = r.sizes();
        json.append(String.format(Locale.ROOT, "{\"model\":\"%s\",\"hidden\":%d,\"layers\":%d,\"batch\":%d,\"seq\":%d,\"vocab\":%d,",
                r.model(), z.hidden(), z.layers(), z.batch(), z.seq(), r.vocab()));
        json.append(String.format(Locale.ROOT, "\"warmup\":%d,\"whole_run_tokens_per_s\":%.1f,", z.warmup(), r.wholeTokensPerS()));
        json.append(String.format(Locale.ROOT, "\"params\":%d,\"steps\":%d,\"tokens_per_s\":%.1f,\"ms_per_step\":%.3f,"
                        + "\"train_loss\":%.4f,\"val_loss\":%.4f,\"threads\":%d,\"peak_rss_mb\":%.1f,\"tokens_per_cpu_s\":%.1f,\"best_tokens_per_s\":%.1f",
                r.params(), r.steps(), r.tokensPerS(), r.msPerStep(), r.trainLoss(), r.valLoss(), r.threads(),
                r.peakRssKb() / 1024.0, r.tokensPerCpuS(), r.bestTokensPerS()));
        if (r.breakdown() != null) json.append(r.breakdown().json());
        if (torch != null) {
            double tt = jsonNumber(torch, "tokens_per_s");
            out.printf(Locale.ROOT, "%-22s %.0f (val loss %.4f)%n", "PyTorch tokens/s", tt, jsonNumber(torch, "val_loss"));
            double tc = jsonNumber(torch, "tokens_per_cpu_s");
            out.printf(Locale.ROOT, "%-22s %.0f%n", "PyTorch tokens/CPU-s", tc);
            double tb = jsonNumber(torch, "best_tokens_per_s");
            out.printf(Locale.ROOT, "%-22s %.0f (best 10 steps, seqlab / PyTorch %.2fx)%n", "PyTorch best tok/s", tb, r.bestTokensPerS() / tb);
            double tw = jsonNumber(torch, "whole_run_tokens_per_s");
            out.printf(Locale.ROOT, "%-22s %.0f (all steps, warm-up included, seqlab / PyTorch %.2fx)%n", "PyTorch whole run", tw,
                    r.wholeTokensPerS() / tw);
            out.printf(Locale.ROOT, "%-22s %.2fx (per CPU-second %.2fx)%n", "seqlab / PyTorch", r.tokensPerS() / tt, r.tokensPerCpuS() / tc);
            double tm = jsonNumber(torch, "peak_rss_mb");
            out.printf(Locale.ROOT, "%-22s %.1f MB (%.0f parameters)%n", "PyTorch peak RSS", tm, jsonNumber(torch, "params"));
            json.append(String.format(Locale.ROOT, ",\"torch_params\":%.0f,\"torch_peak_rss_mb\":%.1f", jsonNumber(torch, "params"), tm));
            json.append(String.format(Locale.ROOT, ",\"torch_whole_run_tokens_per_s\":%.1f,\"whole_run_ratio\":%.3f", tw, r.wholeTokensPerS() / tw));
            json.append(String.format(Locale.ROOT, ",\"torch_tokens_per_s\":%.1f,\"torch_val_loss\":%.4f,\"ratio\":%.3f,"
                            + "\"torch_tokens_per_cpu_s\":%.1f,\"cpu_ratio\":%.3f,\"torch_best_tokens_per_s\":%.1f,\"best_ratio\":%.3f",
                    tt, jsonNumber(torch, "val_loss"), r.tokensPerS() / tt, tc, r.tokensPerCpuS() / tc, tb, r.bestTokensPerS() / tb));
        }
        out.println(json.append('}'));
    }
}
