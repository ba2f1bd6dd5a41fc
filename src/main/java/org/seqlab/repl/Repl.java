package org.seqlab.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.diag.InternalFailure;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Statement;
import org.seqlab.session.Background;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.ModelPrinter;
import org.seqlab.lang.run.RunFailure;
import org.seqlab.session.StatusLine;

/**
 * The interactive prompt. With a terminal it uses JLine (history in ~/.seqlab_history, Tab
 * completion, highlighting, continuation lines for open blocks, Ctrl-D leaves); with piped input it
 * reads entries the same way without prompts, and everything runs in order in the foreground so
 * scripts stay deterministic. Streams come in through the constructor so tests drive it without a
 * terminal.
 *
 * <p>At the JLine prompt {@code train} runs as a background job ({@link Background}): the prompt
 * returns at once, the job's output is printed above the prompt, {@code :pause}, {@code :resume} and
 * {@code :stop} act at the next step boundary. Ctrl-C on an empty line while a job runs stops it (as
 * {@code :stop}); Ctrl-C with something typed only clears the line, so clearing a half-typed
 * inspection never ends a run by accident.
 */
public final class Repl {

    public static final String PROMPT = "seqlab> ";
    public static final String MORE = "   ...> ";

    private final Interpreter interp;
    private final PrintStream out;
    private final PrintStream err;
    private final Commands commands = new Commands();
    private final Completions completions;
    private final List<String> entries = new ArrayList<>();
    private LineReader reader;
    private Background background;
    private boolean quit;
    private boolean failed;

    public Repl(Interpreter interp, PrintStream out, PrintStream err) {
        this.interp = interp;
        this.out = out;
        this.err = err;
        interp.setFeedback(true);
        commands.add(":help", "[topic]", "help on a statement, layer kind or inspection",
                t -> out.print(Help.text(t)));
        commands.add(":summary", "", "the current model's layers", t -> entry(t.isEmpty() ? "summary" : "summary " + t));
        commands.add(":models", "", "models and templates defined so far", t -> models());
        commands.add(":data", "", "data sets declared so far", t -> data());
        commands.add(":run", "FILE", "run a script into this session", this::runFile);
        commands.add(":reset", "", "forget all models, data and settings", t -> {
            if (background != null && background.running()) {
                err.println("a model is training; :stop it first");
                return;
            }
            interp.reset();
            out.println("workspace cleared");
        });
        commands.add(":history", "", "the lines entered so far", t -> history());
        commands.add(":pause", "", "hold the training run at the next step (inspect meanwhile)",
                t -> out.println(background == null ? "nothing is training" : background.pause()));
        commands.add(":resume", "", "resume the paused training run",
                t -> out.println(background == null ? "nothing is training" : background.resume()));
        commands.add(":stop", "", "stop the training run at the next step, keeping the weights (Ctrl-C too)",
                t -> out.println(background == null ? "nothing is training" : background.stop()));
        commands.add(":quit", "", "leave seqlab", t -> quit = true);
        this.completions = new Completions(() -> interp.workspace().scope(), commands.names());
    }

    /** Main's entry: JLine when stdin is a terminal, plain reading otherwise. Returns the exit code. */
    public static int start(Interpreter interp, InputStream in, PrintStream out, PrintStream err) {
        Repl repl = new Repl(interp, out, err);
        if (in == System.in && System.console() != null) {
            try {
                Terminal terminal = TerminalBuilder.builder().system(true).build();
                return repl.interactive(terminal, Paths.get(System.getProperty("user.home"), ".seqlab_history"));
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                // no usable terminal after all: read plainly
            }
        }
        // Ctrl-C ends the statement running; with nothing running it leaves, as a piped run would.
        org.seqlab.session.Interrupts.always(() -> {
            if (!interp.interrupt()) {
                System.exit(130);
            }
            repl.err.println("interrupting (Ctrl-C)");
        });
        return repl.plain(in);
    }

    public Completions completions() {
        return completions;
    }

    /**
     * Loads the classes of a system terminal without taking over the real one (used by the
     * class-data warm-up, which runs with no terminal attached).
     */
    public static void touchTerminalClasses() {
        try (Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
            t.getSize();
        } catch (IOException | RuntimeException e) {
            // nothing to record
        }
    }

    /** JLine over a dumb terminal on the given streams (tests, warm-up): all features but the screen's. */
    public int interactive(InputStream in, OutputStream screen, Path historyFile) {
        try (Terminal t = new org.jline.terminal.impl.DumbTerminal("seqlab", "dumb", in, screen, StandardCharsets.UTF_8)) {
            return interactive(t, historyFile);
        } catch (IOException e) {
            err.println("seqlab: cannot open a terminal: " + e.getMessage());
            return 70;
        }
    }

    /** JLine over the given terminal. */
    public int interactive(Terminal terminal, Path historyFile) {
        PromptReader prompt = new PromptReader(terminal, "seqlab");
        prompt.setParser(new SeqLineParser());
        prompt.setCompleter((r, line, candidates) -> {
            String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
            for (String c : completions.complete(before)) {
                boolean open = c.endsWith("=") || c.endsWith("/");
                candidates.add(new Candidate(c, c, null, null, null, null, !open));
            }
        });
        prompt.setHighlighter(new SeqHighlighter());
        prompt.setVariable(LineReader.HISTORY_FILE, historyFile);
        prompt.setVariable(LineReader.SECONDARY_PROMPT_PATTERN, MORE);
        prompt.setVariable(LineReader.INDENTATION, 2);
        prompt.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        prompt.option(LineReader.Option.INSERT_BRACKET, false);
        reader = prompt;
        // Outside readLine (which answers Ctrl-C itself) a Ctrl-C ends the statement running, never the session.
        terminal.handle(Terminal.Signal.INT, sig -> interruptForeground());
        PrintStream above = AboveOutput.above(reader);
        runInBackground(above, above, StatusBar.on(prompt));
        out.println("seqlab " + version() + " -- :help for help, :quit or Ctrl-D to leave");
        while (!quit) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                interrupted(e.getPartialLine());
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            handle(line);
        }
        finishJob();
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            err.println("seqlab: could not save history: " + e.getMessage());
        }
        return 0;
    }

    /** From now on {@code train} runs as a background job whose output goes to {@code jobOut}/{@code jobErr}. */
    Background runInBackground(PrintStream jobOut, PrintStream jobErr) {
        return runInBackground(jobOut, jobErr, StatusLine.NONE);
    }

    /** As above, with the run's live progress line on {@code status}. */
    Background runInBackground(PrintStream jobOut, PrintStream jobErr, StatusLine status) {
        background = interp.runInBackground(jobOut, jobErr, status);
        return background;
    }

    /** Ctrl-C at the prompt: stops a running job when nothing is typed; otherwise the line is just cleared. */
    void interrupted(String partialLine) {
        if (background != null && background.running() && (partialLine == null || partialLine.isBlank())) {
            out.println(background.stop());
        }
    }

    /** Leaving while a job runs: stop it at its next step and wait for it, so no step is cut in half. */
    private void finishJob() {
        if (background == null || !background.running()) {
            return;
        }
        out.println(background.stop());
        try {
            if (!background.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                err.println("seqlab: the training job did not stop within a minute; leaving anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Piped input: entries end where no block is left open; no prompts. Returns 65/70 if an entry failed. */
    public int plain(InputStream in) {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        try {
            for (String line = r.readLine(); line != null && !quit; line = r.readLine()) {
                pending.append(line).append('\n');
                String text = pending.toString();
                if (!text.stripLeading().startsWith(":") && (org.seqlab.lang.syntax.Tokens.openBrackets(text) > 0
                        || org.seqlab.lang.syntax.Tokens.endsWithContinuation(line))) {
                    continue;
                }
                pending.setLength(0);
                handle(text.stripTrailing());
            }
        } catch (IOException e) {
            err.println("seqlab: cannot read input: " + e.getMessage());
        }
        if (pending.length() > 0 && !quit) {
            handle(pending.toString());
        }
        return failed ? 65 : 0;
    }

    /** One entry: a :command or statements. Returns false once the user asked to quit. */
    public boolean handle(String text) {
        if (text.isBlank()) {
            return !quit;
        }
        entries.add(text);
        try {
            if (text.stripLeading().startsWith(":")) {
                String problem = commands.dispatch(text.strip());
                if (problem != null) {
                    err.println(problem);
                }
            } else {
                entry(text);
            }
        } catch (RuntimeException | Error e) {
            // The interpreter reports its own failures; this is a command's (:models, :run ...). The session goes on.
            failed = true;
            err.print(DiagnosticFormatter.format(InternalFailure.of(SourceSpan.unknown("repl"), "running that entry", e)));
        }
        out.flush();
        err.flush();
        return !quit;
    }

    private void entry(String text) {
        run("repl", text);
    }

    /** Runs text through the interpreter, printing what failed; false when something did. */
    private boolean run(String file, String text) {
        try {
            interp.run(file, text);
            return true;
        } catch (DiagnosticException e) {
            failed = true;
            err.print(DiagnosticFormatter.format(e.diagnostics()));
        } catch (RunFailure e) {
            failed = true;
            err.print(DiagnosticFormatter.format(e.diagnostics()));
        }
        return false;
    }

    /**
     * Ctrl-C while a statement runs in the foreground (not at the prompt, where JLine turns it into
     * {@link #interrupted}): the statement ends, the session stays. Called on the signal's thread.
     */
    void interruptForeground() {
        // Holding the stream while the flag is set and the line printed: a statement writing to the same
        // stream (a long sample) cannot put a token inside the line, or its error before it.
        synchronized (err) {
            if (interp.interrupt()) {
                err.println();
                err.println("interrupting (Ctrl-C)");
                err.flush();
            }
        }
    }

    private void runFile(String file) {
        if (file.isBlank()) {
            err.println(":run needs a file: :run script.seq");
            return;
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("no such file: " + file);
            return;
        } catch (IOException | UncheckedIOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return;
        }
        run(file, text);
    }

    private void models() {
        var scope = interp.workspace().scope();
        if (scope.models().isEmpty() && scope.templates().isEmpty()) {
            out.println("no models yet");
            return;
        }
        for (Statement.ModelDef m : scope.models().values()) {
            out.println((m.name().name().equals(scope.current()) ? "* " : "  ") + ModelPrinter.line(m));
        }
        for (Statement.ModelDef m : scope.templates().values()) {
            out.println("  " + ModelPrinter.line(m));
        }
    }

    private void data() {
        var data = interp.workspace().scope().data();
        if (data.isEmpty()) {
            out.println("no data yet");
            return;
        }
        for (Statement.DataDecl d : data.values()) {
            out.println("  " + d.kind().word() + " " + d.name().name()
                    + (d.source() != null ? " = " + d.source().text() : "")
                    + (d.opts().args().isEmpty() ? "" : " " + d.opts()));
        }
    }

    private void history() {
        if (reader != null) {
            for (History.Entry e : reader.getHistory()) {
                out.printf("%5d  %s%n", e.index() + 1, e.line());
            }
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            out.printf("%5d  %s%n", i + 1, entries.get(i));
        }
    }

    private static String version() {
        String v = Repl.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    /** For tests: a Repl writing to one stream. */
    public static Repl over(Interpreter interp, OutputStream out) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new Repl(interp, ps, ps);
    }
}
