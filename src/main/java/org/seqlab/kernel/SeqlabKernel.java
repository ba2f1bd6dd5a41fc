package org.seqlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.RunFailure;
import org.seqlab.lang.run.TensorEngine;
import org.seqlab.lang.syntax.Tokens;
import org.seqlab.repl.Completions;
import org.seqlab.repl.Help;
import org.seqlab.repl.Repl;

/**
 * seqlab as a Jupyter kernel: one interpreter and workspace for the kernel's life, as in the REPL. A cell
 * is statements and {@code :} commands (a command is a line of its own); statements are checked and run
 * as the REPL runs an entry, named {@code cell[N]} in errors, so an error reads {@code cell[3]:2:9: ...}
 * with the line and a caret. Text streams as it is printed; pictures and tables are display_data
 * ({@link CellOutput}); {@code train} shows one live display and stops at the next step boundary on
 * interrupt, keeping its weights.
 */
public final class SeqlabKernel extends BaseKernel {

    private final TensorEngine engine;
    private final Interpreter interp;
    private final Repl repl;
    private final Completions completions;
    private final Publisher publisher = new Publisher();
    private final CellOutput out;
    private final CellOutput err;

    SeqlabKernel(TensorEngine engine, String version) {
        super("seqlab", version, new LanguageInfo.Builder("seqlab").version(version).mimetype("text/x-seqlab")
                        .fileExtension(".seq").build(), List.of(), null, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), new Renderer(), null, null, false, new StringStyler.Builder().build());
        this.engine = engine;
        this.out = new CellOutput(io, io.out, publisher);
        this.err = new CellOutput(io, io.err, publisher);
        this.interp = new Interpreter(engine, out);
        this.repl = new Repl(interp, out, err);
        this.completions = repl.completions();
    }

    /** Starts the kernel on a connection file and serves until a shutdown request; returns the exit code. */
    public static int run(Path connectionFile, TensorEngine engine, String version, java.io.PrintStream err) {
        String json;
        try {
            json = Files.readString(connectionFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("seqlab: cannot read the connection file " + connectionFile + ": " + e.getMessage());
            return 64;
        }
        // The library logs through slf4j, which has no provider here: say so once, quietly (no stderr warning).
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        SeqlabKernel kernel = new SeqlabKernel(engine, version);
        JupyterConnection connection;
        try {
            connection = new JupyterConnection(KernelConnectionProperties.parse(json));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            err.println("seqlab: not a usable connection file " + connectionFile + ": " + e.getMessage());
            return 64;
        }
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        Sigint.install(kernel::interrupt);
        connection.waitUntilClose();
        return 0;
    }

    /**
     * Loads the classes a kernel start needs (the connection's sockets and signing, the message types,
     * this kernel), without binding anything, for bin/seqlab's class-data archive.
     */
    public static void warmUp() {
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        try {
            JupyterConnection c = new JupyterConnection(KernelConnectionProperties.parse("""
                    {"ip": "127.0.0.1", "transport": "tcp", "shell_port": 1, "iopub_port": 2, "stdin_port": 3,
                     "control_port": 4, "hb_port": 5, "signature_scheme": "hmac-sha256", "key": "k"}"""));
            SeqlabKernel k = new SeqlabKernel(new TensorEngine(), "0");
            k.becomeHandlerForConnection(c);
            k.isComplete("model m {");
            k.complete("mod", 3);
            c.close();
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            // a warm-up that cannot load these just records less
        }
    }

    @Override public Object evalRaw(String source) {
        return eval(source);
    }

    /** Runs a cell; its output has gone out as streams and display_data, so nothing comes back. */
    @Override public DisplayData eval(String code) {
        String file = "cell[" + (executionCount.get() - 1) + "]";
        try {
            for (Cells.Part part : Cells.split(code)) {
                if (part.command()) {
                    repl.handle(part.text());
                } else {
                    interp.run(file, part.text());
                }
            }
        } catch (DiagnosticException e) {
            throw new CheckError(e.diagnostics());
        } catch (RunFailure e) {
            throw new RunError(e.diagnostics());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new InternalFailure(e);
        } finally {
            out.drain();
            err.drain();
            publisher.await();
        }
        return null;
    }

    /** No history is kept across sessions: an empty reply, so a console asking at start does not wait for one. */
    @Override protected void handleHistoryRequest(org.dflib.jjava.jupyter.channels.ShellReplyEnvironment env,
            org.dflib.jjava.jupyter.messages.Message<org.dflib.jjava.jupyter.messages.request.HistoryRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new org.dflib.jjava.jupyter.messages.reply.HistoryReply(List.of()));
    }

    /** While a cell runs, System.out and System.err go through the publisher too (see {@link Publisher}). */
    @Override protected void replaceOutputStreams(org.dflib.jjava.jupyter.channels.ShellReplyEnvironment env) {
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        System.setOut(out);
        System.setErr(err);
        env.defer(() -> {
            System.setOut(oldOut);
            System.setErr(oldErr);
        });
    }

    /** Errors as Jupyter shows them: the message lines of seqlab's one error format, no Java stack. */
    @Override public List<String> formatError(Throwable e) {
        if (e instanceof CellError c) return c.lines();
        return List.of("seqlab: internal error (" + e.getClass().getSimpleName() + "); please report it with the cell you ran");
    }

    @Override public ReplacementOptions complete(String code, int at) {
        int cursor = offset(code, at);
        String before = code.substring(0, cursor);
        String prefix = Completions.prefix(before);
        List<String> found = completions.complete(before);
        int start = code.codePointCount(0, cursor - prefix.length());
        return new ReplacementOptions(found, start, at);
    }

    /** Shift-Tab: the :help text for the word under the cursor, when there is help on it. */
    @Override public DisplayData inspect(String code, int at, boolean extraDetail) {
        int cursor = offset(code, at);
        int s = cursor, e = cursor;
        while (s > 0 && word(code.charAt(s - 1))) s--;
        while (e < code.length() && word(code.charAt(e))) e++;
        String word = code.substring(s, e);
        if (word.isEmpty() || !Help.topics().contains(word)) return null;
        return new DisplayData(Help.text(word));
    }

    /** "incomplete" (with an indent) while a block or bracket is open or the last line continues; else complete. */
    @Override public String isComplete(String code) {
        String last = code.substring(code.lastIndexOf('\n') + 1);
        if (!code.stripLeading().startsWith(":") && (Tokens.openBrackets(code) > 0 || Tokens.endsWithContinuation(last))) {
            return "  ";
        }
        return IS_COMPLETE_YES;
    }

    /**
     * Interrupt (the stop button, interrupt_request, SIGINT) ends the statement running, as Ctrl-C in the REPL:
     * a training run (train, compare) stops at its next step boundary with its weights; anything else
     * (sample, evaluate, inspect, load) ends as "interrupted" and changes nothing. The statement's thread may
     * be interrupted for that: it never touches the sockets (see {@link Publisher}).
     */
    @Override public void interrupt() {
        interp.interrupt();
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** A cursor position in code points (the protocol's) as a String index, clamped to the text. */
    private static int offset(String code, int at) {
        int n = Math.max(0, Math.min(at, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    /**
     * A failed cell. Jupyter shows the class's simple name as ename ({@code CheckError}: found before anything
     * ran; {@code RunError}: a statement failed while running), the first error's headline as evalue, and
     * the formatted errors (headline, source line, caret, hint) as the traceback lines. No Java stack: the
     * stack trace is not even recorded.
     */
    abstract static class CellError extends RuntimeException {
        private final List<String> lines;

        CellError(String headline, List<String> lines) {
            super(headline, null, false, false);
            this.lines = lines;
        }

        List<String> lines() {
            return lines;
        }
    }

    static final class CheckError extends CellError {
        CheckError(List<Diagnostic> ds) {
            super(ds.isEmpty() ? "error" : ds.get(0).headline(), List.of(DiagnosticFormatter.format(ds).split("\n")));
        }
    }

    static final class RunError extends CellError {
        RunError(List<Diagnostic> ds) {
            super(ds.isEmpty() ? "error" : ds.get(0).headline(), List.of(DiagnosticFormatter.format(ds).split("\n")));
        }
    }

    /** A failure inside seqlab itself; the kernel stays up and says to report it. */
    static final class InternalFailure extends CellError {
        InternalFailure(Throwable e) {
            super("internal error (" + e.getClass().getSimpleName() + ")", List.of("seqlab: internal error ("
                    + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
                    + "); please report it with the cell you ran"));
        }
    }
}
