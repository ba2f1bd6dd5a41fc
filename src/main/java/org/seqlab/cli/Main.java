package org.seqlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.RunFailure;
import org.seqlab.repl.Repl;

/**
 * Entry point: {@code seqlab} (REPL), {@code seqlab FILE.seq...} (batch), {@code --check},
 * {@code -e}, {@code bench}. Exit codes: 0 ok, 64 bad usage, 65 error found before running,
 * 70 error while running (and internal failures).
 */
public final class Main {

    public static final int OK = 0;
    public static final int USAGE = 64;
    public static final int SCRIPT_ERROR = 65;
    public static final int RUN_ERROR = 70;

    /** The engine statements run on: the tensor engine (CPU unless --backend or set backend= says otherwise). */
    static Engine engine() {
        return new org.seqlab.lang.run.TensorEngine();
    }

    private Main() {
    }

    /** Test hook: makes the next run fail inside, to test how internal failures are reported. */
    static final class Hooks {
        static boolean failNext;

        private Hooks() {
        }
    }

    public static void main(String[] args) {
        StandardStreams.adopt();
        if (!StandardStreams.vectorModulePresent()) {
            // A bare `java -jar seqlab.jar`: the CPU kernels need jdk.incubator.vector, which only a
            // command-line flag adds; run again with bin/seqlab's flags, on the same streams.
            System.exit(Relaunch.withFlags(args));
        }
        if (!jitFlagsSet()) {
            System.err.println("seqlab: started without bin/seqlab's JVM flags; the vector kernels may run several times"
                    + " slower (add -XX:PerBytecodeTrapLimit=100 -XX:PerMethodTrapLimit=10000, or run bin/seqlab)");
        }
        int code = run(args, System.in, System.out, System.err);
        System.out.flush();
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Whether the JVM runs with the trap limits bin/seqlab sets (the reason is in bin/seqlab). */
    static boolean jitFlagsSet() {
        try {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-XX:PerBytecodeTrapLimit="));
        } catch (RuntimeException | LinkageError e) {
            return true;    // no way to tell: say nothing
        }
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean debug = rest.remove("--debug");
        String backend = null;
        int b = rest.indexOf("--backend");
        if (b >= 0) {
            if (b + 1 >= rest.size()) return usageError(err, "--backend needs a name: cpu, cuda or auto");
            backend = rest.remove(b + 1);
            rest.remove(b);
        }
        try {
            debugging = debug;
            if (Hooks.failNext) {
                Hooks.failNext = false;
                throw new IllegalStateException("failure injected by a test");
            }
            return dispatch(rest, backend, in, out, err);
        } catch (RuntimeException | Error e) {
            err.println("seqlab: internal error (" + e.getClass().getSimpleName()
                    + "); please report it with the command you ran" + (debug ? ":" : " (add --debug for detail)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return RUN_ERROR;
        }
    }

    /** backend: the name given with --backend, or null for the engine's default (the CPU until a script says otherwise). */
    private static int dispatch(List<String> args, String backend, InputStream in, PrintStream out, PrintStream err) {
        if (backend == null) return dispatch(args, in, out, err, engine());
        org.seqlab.lang.run.TensorEngine chosen = new org.seqlab.lang.run.TensorEngine();
        try {
            chosen.selectBackend(backend, out);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        } catch (org.seqlab.backend.BackendException e) {
            err.println("seqlab: " + e.getMessage());
            return RUN_ERROR;
        }
        return dispatch(args, in, out, err, chosen);
    }

    private static int dispatch(List<String> args, InputStream in, PrintStream out, PrintStream err, Engine engine) {
        if (args.isEmpty()) {
            return Repl.start(new Interpreter(engine, out), in, out, err);
        }
        String first = args.get(0);
        switch (first) {
            case "--help", "-h", "help":
                out.print(usage());
                return OK;
            case "--version", "-V":
                out.println("seqlab " + version());
                return OK;
            case "--warm-up":
                // Used once per build by bin/seqlab to record a class-data archive for fast starts.
                WarmUp.run();
                return OK;
            case "jupyter":
                return jupyter(args.subList(1, args.size()), engine, out, err);
            case "bench":
                return org.seqlab.bench.Bench.run(args.subList(1, args.size()).toArray(String[]::new), out, err);
            case "fuzz":
                return org.seqlab.fuzz.FuzzCommand.run(args.subList(1, args.size()), out, err);
            case "notebook":
                return notebook(args.subList(1, args.size()), out, err);
            case "--check":
                return args.size() < 2 ? usageError(err, "--check needs a file") : checkFiles(args.subList(1, args.size()), out, err);
            case "-e":
                if (args.size() != 2) {
                    return usageError(err, "-e needs one argument: the statements to run");
                }
                return runText(new Interpreter(engine, out), "<command line>", args.get(1), err);
            default:
                if (first.startsWith("-")) {
                    return usageError(err, "unknown option " + first);
                }
                Interpreter interp = new Interpreter(engine, out);
                for (String file : args) {
                    if (file.startsWith("-")) {
                        return usageError(err, "options go before files: " + file);
                    }
                    String text = read(file, err);
                    if (text == null) {
                        return USAGE;
                    }
                    int code = runText(interp, file, text, err);
                    if (code != OK) {
                        return code;
                    }
                }
                return OK;
        }
    }

    /** {@code jupyter install|uninstall ...} writes or removes the kernelspec; {@code jupyter kernel FILE} is the kernel. */
    private static int jupyter(List<String> args, Engine engine, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.get(0).equals("kernel")) {
            if (args.size() != 2) return usageError(err, "jupyter kernel needs the connection file Jupyter gives it");
            org.seqlab.lang.run.TensorEngine tensors = engine instanceof org.seqlab.lang.run.TensorEngine t ? t
                    : new org.seqlab.lang.run.TensorEngine();
            return org.seqlab.kernel.SeqlabKernel.run(Path.of(args.get(1)), tensors, version(), err);
        }
        return org.seqlab.kernel.KernelSpec.command(args, out, err);
    }

    /** {@code seqlab notebook LESSON.seq OUT.ipynb}: the lesson as a notebook without outputs (see LessonNotebook). */
    private static int notebook(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2) return usageError(err, "notebook needs a lesson and the notebook to write: notebook LESSON.seq OUT.ipynb");
        String text = read(args.get(0), err);
        if (text == null) return USAGE;
        try {
            Path target = Path.of(args.get(1));
            Files.writeString(target, org.seqlab.kernel.LessonNotebook.json(text, Path.of(args.get(0)), target), StandardCharsets.UTF_8);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("seqlab: cannot write " + args.get(1) + ": " + e.getMessage());
            return USAGE;
        }
        out.println("wrote " + args.get(1));
        return OK;
    }

    private static int checkFiles(List<String> files, PrintStream out, PrintStream err) {
        int code = OK;
        for (String file : files) {
            String text = read(file, err);
            if (text == null) {
                return USAGE;
            }
            try {
                new Interpreter(Engine.NONE, out).check(file, text);    // checking needs no tensors
                out.println(file + ": ok");
            } catch (DiagnosticException e) {
                err.print(DiagnosticFormatter.format(e.diagnostics()));
                code = SCRIPT_ERROR;
            }
        }
        return code;
    }

    static int runText(Interpreter interp, String file, String text, PrintStream err) {
        try {
            interp.run(file, text);
            return OK;
        } catch (DiagnosticException e) {
            err.print(DiagnosticFormatter.format(e.diagnostics()));
            return SCRIPT_ERROR;
        } catch (RunFailure e) {
            err.print(DiagnosticFormatter.format(e.diagnostics()));
            if (debugging && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return RUN_ERROR;
        }
    }

    /** --debug was given: internal failures show their Java detail too. */
    private static boolean debugging;

    /** The file's text, or null after saying why it cannot be read. */
    private static String read(String file, PrintStream err) {
        try {
            Path path = Path.of(file);
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                err.println("seqlab: " + file + " is not a regular file");
                return null;
            }
            String text = Files.readString(path, StandardCharsets.UTF_8);
            int nul = text.indexOf('\0');
            if (nul >= 0 && nul < 4) {    // "m\0o\0d\0..." is valid UTF-8, and no script
                err.println("seqlab: " + file + " looks like UTF-16 text; save it as UTF-8");
                return null;
            }
            return text;
        } catch (NoSuchFileException e) {
            err.println("seqlab: no such file: " + file);
        } catch (MalformedInputException e) {
            err.println("seqlab: " + file + " is not UTF-8 text; save it as UTF-8 (UTF-16 and Latin-1 are not read)");
        } catch (IOException | UncheckedIOException | java.nio.file.InvalidPathException e) {
            err.println("seqlab: cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }

    private static int usageError(PrintStream err, String message) {
        err.println("seqlab: " + message);
        err.print(usage());
        return USAGE;
    }

    static String usage() {
        try (InputStream in = Main.class.getResourceAsStream("usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "usage: seqlab [FILE.seq ...] | --check FILE | -e TEXT | --help | --version\n";
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
