package org.seqlab.fuzz;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.diag.SourceText;
import org.seqlab.lang.check.Checker;
import org.seqlab.lang.check.Scope;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.RunFailure;
import org.seqlab.lang.run.TensorEngine;
import org.seqlab.lang.syntax.ScriptParser;

/**
 * Feeds generated inputs to the parser and checker (and crafted checkpoints to {@code load}) and holds
 * them to seqlab's promises: nothing but a diagnostic ever comes out (no Throwable escapes), every
 * diagnostic points at a line of the text with a column on it (so a source line and a caret can be
 * shown), a checkpoint with flipped bits is never loaded, and no input hangs. Seeded: the same options
 * give the same inputs. Used by the fuzz test and by {@code seqlab fuzz} for long runs.
 */
public final class Fuzzer {

    /** What to run: how many inputs, from which seed, how large, and how often a checkpoint. */
    public record Options(long count, long seed, int maxSize, int checkpointPercent, long slowMillis, long hangMillis,
                          List<Path> corpusRoots, PrintStream progress) {
        public static Options of(long count, long seed) {
            return new Options(count, seed, 50_000, 5, 1000, 60_000, List.of(Path.of("")), null);
        }
    }

    /** Something that broke a promise: its kind, the input (shortened, escaped) and what happened. */
    public record Finding(String kind, String input, String detail) {
        @Override
        public String toString() {
            return kind + ": " + detail + "\n    input: " + input;
        }
    }

    /** The outcome of a run. */
    public record Report(long inputs, long checkpoints, long diagnostics, List<Finding> findings, long slow,
                         List<String> slowInputs, double slowestMillis, String slowest, double seconds) {
        public long internalErrors() {
            return findings.stream().filter(f -> f.kind().equals("internal error")).count();
        }

        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%,d inputs (%,d checkpoints) in %.1f s: %,d diagnostics checked, %d internal errors, %d findings,"
                            + " %d inputs over 1 s (slowest %.0f ms)",
                    inputs, checkpoints, seconds, diagnostics, internalErrors(), findings.size(), slow, slowestMillis);
        }
    }

    private static final String FILE = "fuzz.seq";
    private static final int MAX_FINDINGS = 50;

    private final Options o;
    private final ScriptParser parser = new ScriptParser(StatementSpecs::expectedValue);
    private final Checker checker = new Checker(parser, new UseResolver());
    private final List<Finding> findings = new ArrayList<>();
    private long diagnostics;
    private long slow;
    private double slowestMillis;
    private String slowest = "";
    private final List<String> slowInputs = new ArrayList<>();

    public Fuzzer(Options o) {
        this.o = o;
    }

    public Report run() {
        long start = System.nanoTime();
        Random rnd = new Random(o.seed());
        TextMutator texts = new TextMutator(corpus(o.corpusRoots()), rnd);
        ExecutorService worker = newWorker();
        Path dir = null;
        CheckpointMutator checkpoints = null;
        TensorEngine engine = null;
        long done = 0;
        long crafted = 0;
        try {
            if (o.checkpointPercent() > 0) {
                dir = Files.createTempDirectory("seqlab-fuzz");
                engine = new TensorEngine();
                checkpoints = new CheckpointMutator(Bases.make(engine, dir), texts, rnd);
            }
            for (; done < o.count(); done++) {
                if (checkpoints != null && rnd.nextInt(100) < o.checkpointPercent()) {
                    CheckpointMutator.Crafted c = checkpoints.next();
                    Path file = dir.resolve("fuzz.safetensors");
                    Files.write(file, c.bytes());
                    TensorEngine e = engine;
                    worker = timed(worker, "load of " + c.how(), () -> load(e, file, c));
                    crafted++;
                } else {
                    String text = texts.next(o.maxSize());
                    worker = timed(worker, text, () -> check(text));
                }
                if (o.progress() != null && (done + 1) % 10_000 == 0) {
                    o.progress().printf(java.util.Locale.ROOT, "  %,d inputs, %d findings, %d over 1 s%n", done + 1, findings.size(), slow);
                }
                if (findings.size() >= MAX_FINDINGS) {
                    done++;
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fuzz: cannot prepare checkpoints: " + e.getMessage(), e);
        } finally {
            worker.shutdownNow();
            if (dir != null) deleteTree(dir);
        }
        return new Report(done, crafted, diagnostics, List.copyOf(findings), slow, List.copyOf(slowInputs), slowestMillis, slowest,
                (System.nanoTime() - start) / 1e9);
    }

    /** Parse and check one text; every diagnostic must point into the text. */
    private void check(String text) {
        try {
            checker.check(parser.parse(FILE, text), new Scope());
        } catch (DiagnosticException e) {
            positions(e.diagnostics(), text);
        }
    }

    /** Load one crafted checkpoint with a fresh interpreter; a damaged file must be refused, in words. */
    private void load(TensorEngine engine, Path file, CheckpointMutator.Crafted c) {
        Interpreter interp = new Interpreter(engine, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        String text = "load \"" + file.toString().replace("\\", "/") + "\"\n";
        try {
            interp.run("fuzz-load.seq", text);
            if (c.mustFail()) found("silent load", c.how(), "a checkpoint with flipped bits loaded without an error");
        } catch (DiagnosticException e) {
            positions(e.diagnostics(), c.how());
        } catch (RunFailure e) {
            positions(e.diagnostics(), c.how());
        }
    }

    private void positions(List<Diagnostic> ds, String input) {
        for (int i = 0; i < ds.size(); i++) {
            Diagnostic d = ds.get(i);
            diagnostics++;
            String line = SourceText.line(d.span().file(), d.span().line());
            String problem = null;
            if (line == null) {
                problem = "no source line " + d.span().line() + " in " + d.span().file();
            } else if (d.span().column() > line.codePointCount(0, line.length()) + 1) {
                problem = "column " + d.span().column() + " is past the end of line " + d.span().line() + " ("
                        + line.length() + " characters)";
            } else if (d.message() == null || d.message().isBlank()) {
                problem = "an empty message";
            } else if (i < DiagnosticFormatter.MAX_REPORTED && !DiagnosticFormatter.format(d).contains("^")) {
                // formatted as a report shows them: the first MAX_REPORTED (each repeats its source line)
                problem = "no caret";
            }
            if (problem != null) {
                found("bad position", input, problem + ": " + d.headline());
                return;
            }
        }
    }

    /** Runs one input on the worker; an escaped Throwable or a hang is a finding, a slow input is counted. */
    private ExecutorService timed(ExecutorService worker, String input, Runnable task) {
        long t0 = System.nanoTime();
        Future<?> f = worker.submit(task);
        try {
            f.get(o.hangMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            found("internal error", input, t + " at " + where(t));
        } catch (TimeoutException e) {
            found("hang", input, "still running after " + o.hangMillis() + " ms");
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();  // the stuck thread is abandoned; the run goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fuzz interrupted");
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (ms > o.slowMillis()) {
            slow++;
            if (slowInputs.size() < 10) slowInputs.add(String.format(java.util.Locale.ROOT, "%.0f ms: %s", ms, shorten(input)));
        }
        if (ms > slowestMillis) {
            slowestMillis = ms;
            slowest = shorten(input);
        }
        return worker;
    }

    private void found(String kind, String input, String detail) {
        if (findings.size() < MAX_FINDINGS) findings.add(new Finding(kind, shorten(input), detail));
    }

    private static String where(Throwable t) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(6, st.length); i++) b.append(i == 0 ? "" : " < ").append(st[i]);
        return b.toString();
    }

    /** The input as one line: escaped, at most 300 characters. */
    static String shorten(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            if (c == '\n') b.append("\\n");
            else if (c == '\\') b.append("\\\\");
            else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else b.append(c);
        }
        return s.length() > 300 ? b + "... (" + s.length() + " characters)" : b.toString();
    }

    /** One daemon thread with room for deep recursion to show up as a StackOverflowError, not a crash. */
    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "seqlab-fuzz", 4L << 20);
            t.setDaemon(true);
            return t;
        });
    }

    /** The {@code .seq} texts under each root's scripts/, stdlib/ and src/test/resources/, in a fixed order. */
    static List<String> corpus(List<Path> roots) {
        List<String> out = new ArrayList<>();
        for (Path root : roots) {
            for (String sub : List.of("scripts", "stdlib", "src/test/resources")) {
                Path dir = root.resolve(sub);
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.filter(p -> p.toString().endsWith(".seq")).sorted().toList()) {
                        out.add(Files.readString(p, StandardCharsets.UTF_8));
                    }
                } catch (IOException | UncheckedIOException e) {
                    // a file that cannot be read is left out of the corpus
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing the run for
        }
    }
}
