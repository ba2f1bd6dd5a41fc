package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.InternalFailure;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Script;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Statement.*;
import org.seqlab.lang.check.Checker;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.syntax.ScriptParser;
import org.seqlab.session.Background;
import org.seqlab.session.JobHost;
import org.seqlab.session.StatusLine;
import org.seqlab.session.TrainingJob;
import org.seqlab.session.Workspace;

/**
 * Runs text against a {@link Workspace}: parse, check the whole text, then execute statement by
 * statement. Each statement runs on a copy of the workspace that replaces it only on success, so
 * a failing statement leaves everything as it was. Statements that need tensors go to the
 * {@link Engine}. With a {@link Background} attached (the interactive REPL), {@code train} runs on a
 * training thread and statements typed meanwhile go where it decides; one statement at a time
 * changes the workspace, whichever thread runs it.
 */
public final class Interpreter {

    private final Engine engine;
    private final PrintStream out;
    private final ScriptParser parser;
    private final Checker checker;
    private volatile Workspace ws = new Workspace();
    private boolean feedback;
    private Background background;

    public Interpreter(Engine engine, PrintStream out) {
        this(engine, out, new UseResolver());
    }

    public Interpreter(Engine engine, PrintStream out, UseResolver resolver) {
        this.engine = engine;
        this.out = out;
        this.parser = new ScriptParser(StatementSpecs::expectedValue);
        this.checker = new Checker(parser, resolver);
    }

    /** When on (the REPL), definitions and settings say what they did. */
    public void setFeedback(boolean on) {
        feedback = on;
    }

    public Workspace workspace() {
        return ws;
    }

    /**
     * From now on {@code train} runs in the background (see {@link Background}), its output on {@code out} and
     * {@code err}, its live line on {@code status}; returns the job manager, for :pause, :resume and :stop.
     */
    public Background runInBackground(PrintStream out, PrintStream err, StatusLine status) {
        background = new Background(new JobHost() {
            @Override public TrainingJob prepare(Statement.Train t, PrintStream to) {
                return apply(t, w -> engine.prepareTrain(t, w, to));
            }

            @Override public void runNow(Statement s, PrintStream to) {
                executeOne(s, to);
            }

            @Override public void runLater(List<Statement> entry, PrintStream to) {
                execute(entry, to);
            }
        }, out, err, status);
        return background;
    }

    /** Forget every model, data set and setting. */
    public void reset() {
        ws = new Workspace();
    }

    /** Parses and checks {@code text} against the workspace's names; throws DiagnosticException (exit 65). */
    public List<Statement> check(String file, String text) {
        Script script = parser.parse(file, text);
        return checker.check(script, ws.scope());
    }

    /**
     * Checks then runs: the entry point of every front end (batch, REPL, notebook cell). Throws only
     * DiagnosticException (found before anything ran) or RunFailure (a statement failed; it and the
     * ones after it changed nothing). A failure inside seqlab, out of memory included, is one of these
     * too, and Ctrl-C ({@link #interrupt()}) ends the statement running.
     */
    public void run(String file, String text) {
        List<Statement> checked;
        try {
            checked = check(file, text);
        } catch (DiagnosticException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new RunFailure(InternalFailure.of(new SourceSpan(file, 1, 1, 1), "checking this text", e), e);
        }
        Thread self = Thread.currentThread();
        synchronized (foregroundLock) {
            foreground = self;
        }
        try {
            execute(checked);
        } finally {
            synchronized (foregroundLock) {
                foreground = null;
                if (interruptedByUs) {
                    Thread.interrupted();    // the interrupt was for the statement that just ended
                    interruptedByUs = false;
                }
            }
        }
    }

    private final Object foregroundLock = new Object();
    /** The thread in {@link #run}, while it runs statements; null between entries. */
    private Thread foreground;
    private boolean interruptedByUs;

    /**
     * Ctrl-C: ends the statement running in the foreground. Training stops at its next step with its
     * weights; anything else (sample, evaluate, compare, inspect, load) ends with an "interrupted"
     * error and changes nothing. Returns false when nothing was running. Safe from any thread: a
     * signal handler, a notebook's interrupt request.
     */
    public boolean interrupt() {
        synchronized (foregroundLock) {
            if (foreground == null) {
                return false;
            }
            if (!engine.interrupt()) {
                interruptedByUs = true;
                foreground.interrupt();
            }
            return true;
        }
    }

    /** Runs checked statements in order; stops at the first failure, which changes nothing. */
    public void execute(List<Statement> statements) {
        execute(statements, out);
    }

    /**
     * As {@link #execute(List)}, printing to {@code to}. A background run may take a statement and
     * the ones after it (to run at a step boundary, or when the run ends).
     */
    void execute(List<Statement> statements, PrintStream to) {
        for (int i = 0; i < statements.size(); i++) {
            if (background != null && takenByBackground(statements.subList(i, statements.size()), to)) {
                return;
            }
            executeOne(statements.get(i), to);
        }
    }

    /** Whether the background job took the entry (to run later or to start a run); its refusal is a RunFailure. */
    private boolean takenByBackground(List<Statement> entry, PrintStream to) {
        try {
            return background.takes(entry, to);
        } catch (DiagnosticException e) {
            throw new RunFailure(e.diagnostics());
        }
    }

    /** One statement on a copy of the workspace, which replaces it on success; any failure becomes a RunFailure. */
    void executeOne(Statement s, PrintStream to) {
        apply(s, w -> {
            s.accept(new Executor(w, to));
            return null;
        });
    }

    /**
     * Runs {@code f} (statement {@code s}) on a copy of the workspace and keeps the copy if it returns;
     * one at a time. Whatever it throws comes out as a RunFailure: a failure inside seqlab, out of
     * memory or stack included, as the one bug-report message at the statement.
     */
    synchronized <T> T apply(Statement s, java.util.function.Function<Workspace, T> f) {
        Workspace next = ws.copy();
        T result;
        try {
            result = f.apply(next);
        } catch (DiagnosticException e) {
            throw new RunFailure(e.diagnostics());
        } catch (RunFailure e) {
            throw e;
        } catch (java.util.concurrent.CancellationException e) {
            throw RunFailure.at(s.span(), "'" + s.keyword() + "' interrupted (Ctrl-C); nothing changed");
        } catch (RuntimeException | Error e) {
            next = null;    // let a failed allocation's garbage go before the message is built
            throw new RunFailure(InternalFailure.of(s.span(), "running '" + s.keyword() + "'", e), e);
        }
        ws = next;
        return result;
    }

    /** Executes one statement on one workspace copy. */
    private final class Executor implements Statement.Visitor<Void> {
        private final Workspace w;
        private final PrintStream out;

        Executor(Workspace w, PrintStream out) {
            this.w = w;
            this.out = out;
        }

        private void say(String text) {
            if (feedback) {
                out.println(text);
            }
        }

        public Void visitModelDef(ModelDef s) {
            w.scope().defineModel(s);
            engine.modelDefined(s, w, out);
            say("defined " + ModelPrinter.line(s));
            return null;
        }

        public Void visitModelAlias(ModelAlias s) {
            throw new IllegalStateException("the checker turns model aliases into definitions");
        }

        public Void visitDataDecl(DataDecl s) {
            w.scope().defineData(s);
            engine.declareData(s, w, out);
            say("declared " + s.kind().word() + " " + s.name().name());
            return null;
        }

        public Void visitUse(Use s) {
            say("using " + s.target().text());
            return null;
        }

        public Void visitTrain(Train s) {
            engine.train(s, w, out);
            return null;
        }

        public Void visitEvaluate(Evaluate s) {
            engine.evaluate(s, w, out);
            return null;
        }

        public Void visitCompare(Compare s) {
            engine.compare(s, w, out);
            return null;
        }

        public Void visitSample(Sample s) {
            engine.sample(s, w, out);
            return null;
        }

        public Void visitTranslate(Translate s) {
            engine.translate(s, w, out);
            return null;
        }

        public Void visitInspect(Inspect s) {
            engine.inspect(s, w, out);
            return null;
        }

        public Void visitSimilarity(Similarity s) {
            engine.similarity(s, w, out);
            return null;
        }

        public Void visitAnalogy(Analogy s) {
            engine.analogy(s, w, out);
            return null;
        }

        public Void visitPlot(Plot s) {
            engine.plot(s, w, out);
            return null;
        }

        public Void visitSummary(Summary s) {
            engine.summary(s, w, out);
            return null;
        }

        public Void visitSave(Save s) {
            engine.save(s, w, out);
            return null;
        }

        public Void visitLoad(Load s) {
            engine.load(s, w, out);
            return null;
        }

        public Void visitExport(Export s) {
            engine.export(s, w, out);
            return null;
        }

        public Void visitSet(SetStmt s) {
            for (Arg a : s.opts().args()) {
                w.settings().put(a.name().toLowerCase(Locale.ROOT), a.value());
                engine.settingChanged(a.name(), w, out);
                say(a.name() + " = " + a.value().text());
            }
            return null;
        }

        public Void visitStop(Stop s) {
            throw RunFailure.at(s.span(), "nothing is training");
        }

        public Void visitUnknown(Unknown s) {
            throw new IllegalStateException("the checker rejects unknown statements");
        }

        public Void visitFill(Fill s) {
            engine.fill(s, w, out);
            return null;
        }

        public Void visitClassify(Classify s) {
            engine.classify(s, w, out);
            return null;
        }

        public Void visitForecast(Forecast s) {
            engine.forecast(s, w, out);
            return null;
        }

        public Void visitVectors(Vectors s) {
            engine.vectors(s, w, out);
            w.scope().vectors().add(s.name().name());
            return null;
        }
    }
}
