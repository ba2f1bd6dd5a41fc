package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.TokenKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.train.Forcing;
import org.seqlab.train.SampleOptions;
import org.seqlab.train.Sampler;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.Trainer;
import org.seqlab.session.Workspace;
import org.seqlab.session.ModelSession;
import org.seqlab.session.StatusLine;
import org.seqlab.session.Interrupts;

/**
 * The real engine: compiles models against their data, trains, evaluates, samples, saves and loads, for every
 * model kind; what differs between kinds is their {@link ModelKind}. What a model has become lives in the session's
 * registry ({@link Workspace#model}: a {@link ModelSession}), loaded data sets beside it ({@link Workspace#data}).
 * Statements inside a train block run through the same methods, on the workspace of the train statement, between
 * two steps.
 */
public final class TensorEngine implements Engine {

    /** The session's seed when no {@code set seed=} was given: runs are reproducible by default. */
    static final long DEFAULT_SEED = (long) StatementSpecs.defaultNumber("set", "seed");
    /** The spec's first backend (the CPU) until {@code set backend=} (or --backend) picks one; models compiled from then on use it. */
    private Backend backend = Backends.create(StatementSpecs.defaultText("set", "backend"), Runtime.getRuntime().availableProcessors());
    private final AtomicBoolean stop = new AtomicBoolean();

    /** The flag a Ctrl-C handler or the REPL's :stop sets; checked at every step boundary. */
    public AtomicBoolean stopFlag() {
        return stop;
    }

    Backend backend() {
        return backend;
    }

    static long seed(Workspace ws) {
        return ws.seed().orElse(DEFAULT_SEED);
    }

    /** evaluate's batch= when given; else the model's last run's batch, and train's default before any run. */
    static int evaluationBatch(Statement.Evaluate s, ModelSession m) {
        return (int) s.opts().number("batch").orElse(m.lastConfig() != null ? m.lastConfig().batch()
                : StatementSpecs.defaultNumber("train", "batch"));
    }

    @Override public void modelDefined(Statement.ModelDef s, Workspace ws, PrintStream out) {
        ws.dropModel(s.name().name());
    }

    @Override public void settingChanged(String name, Workspace ws, PrintStream out) {
        if (name.equalsIgnoreCase("threads") && ws.settings().get("threads") instanceof Value.Num n) {
            backend.setThreads((int) n.asLong());
        } else if (name.equalsIgnoreCase("backend") && ws.settings().get("backend") instanceof Value.Word w) {
            try {
                selectBackend(w.name(), out);
            } catch (BackendException | IllegalArgumentException e) {
                throw RunFailure.at(w.span(), e.getMessage());
            }
        }
    }

    /** Chooses the backend by name through {@link Backends#select}; its note (auto's fallback) is printed once. */
    public void selectBackend(String name, PrintStream out) {
        boolean onCpu = backend.name().equals("cpu");
        if (onCpu && name.equalsIgnoreCase("cpu")) {
            backendNote = null;
            return;    // already there: a new backend would start another set of worker threads
        }
        int threads = backend.name().startsWith("cpu") ? backend.threads() : Runtime.getRuntime().availableProcessors();
        Backends.Choice c = Backends.select(name, threads);
        if (c.note() != null && !c.note().equals(backendNote)) out.println(c.note());
        backendNote = c.note();
        if (onCpu && c.backend().name().equals("cpu")) {
            c.backend().shutdown();    // auto fell back to the CPU, which this engine already has
            return;
        }
        backend = c.backend();
    }

    private String backendNote;

    // ---- models --------------------------------------------------------------------------------

    static String modelName(Value.Word named, Workspace ws, Statement s) {
        String name = named != null ? named.name() : ws.scope().current();
        if (name == null || !ws.scope().models().containsKey(name)) {
            throw RunFailure.at(s.span(), "no model to use yet", "define one: model lm { embed 32; layer lstm(hidden=64); output softmax }");
        }
        return name;
    }

    /**
     * The session of a model for this data, whatever its kind: the existing one when the shapes agree, else a new
     * compile (refused once the model has trained on other data).
     */
    ModelSession session(String name, Dataset data, Workspace ws, Statement at) {
        DataShape shape = DataShape.of(data);
        ModelSession s = ws.model(name);
        if (s != null) {
            DataShape had = s.compiled.data();
            if (compatible(had, shape)) return s;
            if (s.state.step() > 0) {
                throw RunFailure.at(at.span(), "model '" + name + "' was trained on " + had.describe() + "; "
                        + shape.describe() + " does not fit it", had.sentencePairs() && !shape.sentencePairs()
                        ? "a model trained with objective=masked+next_sentence keeps its segment embeddings, head and <cls>/<sep> "
                        + "tokens: leave out objective=, or train a new model (model " + name + "2 = " + name + ")"
                        : shape.sentencePairs() ? "a masked model takes on objective=masked+next_sentence only on a corpus of its "
                        + "own tokens (" + had.dataName() + "): train it on that, or define a new model for these data"
                        : "define a new model for these data");
            }
        }
        return compile(name, shape, ws);
    }

    ModelSession compile(String name, DataShape shape, Workspace ws) {
        Statement.ModelDef def = ws.scope().models().get(name);
        long seed = seed(ws);
        CompiledModel cm = ModelCompiler.compile(def, shape, backend, seed, true, n -> WordVectors.words(n, ws));
        ModelSession s = new ModelSession(cm, seed);
        ws.putModel(name, s);
        return s;
    }

    private static boolean compatible(DataShape a, DataShape b) {
        return a.kind() == b.kind() && a.features() == b.features() && a.outputSize() == b.outputSize()
                && java.util.Objects.equals(a.vocabulary(), b.vocabulary()) && a.sentencePairs() == b.sentencePairs();
    }

    /** The session of an already trained or loaded model. */
    static ModelSession existing(String name, Workspace ws, Statement s) {
        if (ws.model(name) != null) return ws.model(name);
        throw RunFailure.at(s.span(), "model '" + name + "' has not met any data yet", "train it first: train " + name + " on DATA");
    }

    // ---- statements ----------------------------------------------------------------------------

    @Override public void train(Statement.Train s, Workspace ws, PrintStream out) {
        TrainRun run = prepareTrain(s, ws, out);
        stop.set(false);
        stepping = true;
        try (Interrupts ignored = Interrupts.install(stop)) {
            run.run(out, Display.of(out) != null ? Display.of(out).progress() : StatusLine.NONE, Trainer.Hook.NONE, stop);
        } finally {
            stepping = false;
            stop.set(false);
        }
    }

    /** Whether a foreground train or compare runs: those stop at a step boundary on {@link #stop}. */
    private volatile boolean stepping;

    @Override public boolean interrupt() {
        if (!stepping) return false;
        stop.set(true);
        return true;
    }

    /**
     * A train statement made ready up to its first step, for every model kind: the data its kind takes, the model
     * met with it, the options read and checked, the optimizer kept or made. The session's step moves with every
     * step taken, so a stopped or failed run leaves it saying which weights it holds.
     */
    @Override public TrainRun prepareTrain(Statement.Train s, Workspace ws, PrintStream out) {
        Dataset resolved = EngineData.resolve(s.data(), ws, seed(ws));
        String name = modelName(s.model(), ws, s);
        ModelKind kind = ModelKind.of(ws.scope().models().get(name));
        Dataset data = kind.trainData(s, resolved, ws, name);
        ModelSession had = ws.model(name);
        boolean grows = NextSentenceGrowth.applies(had, data);
        ModelSession session = grows ? NextSentenceGrowth.grow(name, had, (org.seqlab.data.Corpus) data, ws, backend, seed(ws))
                : session(name, data, ws, s);
        session.printNotes(out);
        if (data instanceof org.seqlab.data.Corpus c && c.maskRate() > 0) session.maskRate(c.maskRate());
        ws.scope().setCurrent(name);
        TrainConfig cfg = TrainOptions.from(s.opts(), seed(ws), session.compiled.recurrent());
        kind.checkRun(s, session, cfg);
        DropoutOverride dropout = DropoutOverride.of(s.opts(), name, session.state.net());
        Forcing forcing = forcing(s);
        session.state.optimizerFor(cfg);
        session.lastConfig(cfg);
        if (grows) NextSentenceGrowth.report(name, had, session, out);
        session.lastDropout(dropout.rate());
        TrainRun.Body body = (progress, hook, stopFlag) -> {
            try (DropoutOverride ignored = dropout.apply()) {
                return new Trainer(session.state, data, cfg, progress, hook, stopFlag).forcing(forcing).run();
            }
        };
        return new TrainRun(name, s, body, (st, o) -> runRule(st, ws, o));
    }

    /** {@code teacher_forcing=}: a ratio (1.0: always, 0: free running) or {@code scheduled} (from 1 down); only a decoder reads it. */
    private static Forcing forcing(Statement.Train s) {
        return s.opts().checkedText("teacher_forcing").equals("scheduled") ? new Forcing(1, true)
                : new Forcing(s.opts().checkedNumber("teacher_forcing"), false);
    }

    /** A statement of a train block, run between two steps on the train statement's workspace. */
    void runRule(Statement st, Workspace ws, PrintStream out) {
        if (st instanceof Statement.Sample x) sample(x, ws, out);
        else if (st instanceof Statement.Evaluate x) evaluate(x, ws, out);
        else if (st instanceof Statement.Save x) save(x, ws, out);
        else if (st instanceof Statement.Summary x) summary(x, ws, out);
        else if (st instanceof Statement.Plot x) plot(x, ws, out);
        else if (st instanceof Statement.Inspect x) inspect(x, ws, out);
        else if (st instanceof Statement.Similarity x) similarity(x, ws, out);
        else if (st instanceof Statement.Analogy x) analogy(x, ws, out);
        else if (st instanceof Statement.Translate x) translate(x, ws, out);
        else throw RunFailure.at(st.span(), "'" + st.keyword() + "' cannot run inside a training rule");
    }

    @Override public void evaluate(Statement.Evaluate s, Workspace ws, PrintStream out) {
        String name = modelName(s.model(), ws, s);
        ModelKind kind = ModelKind.of(ws.scope().models().get(name));
        Dataset data = kind.evaluationData(s, EngineData.resolve(s.data(), ws, seed(ws)), ws, name);
        ModelSession m = session(name, data, ws, s);
        m.printNotes(out);
        int batch = evaluationBatch(s, m);
        kind.evaluate(s, name, m, data, batch, out);
    }

    @Override public void sample(Statement.Sample s, Workspace ws, PrintStream out) {
        String name = modelName(s.model(), ws, s);
        ModelSession m = existing(name, ws, s);
        Vocabulary v = m.compiled.data().vocabulary();
        if (m.state.kind() != DataKind.NEXT_TOKEN || v == null) {
            throw RunFailure.at(s.span(), "sample needs a next-token model; '" + name + "' learns "
                    + m.state.kind().words());
        }
        String prime = s.prompt() == null ? "" : s.prompt() instanceof Value.Str str ? str.value() : s.prompt().text();
        int[] ids;
        try {
            ids = v.encodeStrict(prime);
        } catch (DataException e) {
            throw RunFailure.at(s.prompt().span(), e.getMessage(), e.hint());
        }
        boolean showPrime = ids.length > 0;
        if (ids.length == 0) ids = new int[] {startToken(v)};
        var o = s.opts();
        int length = (int) ((Value.Num) s.length()).value();    // the checker puts length= or its default there
        long seed = (long) o.number("seed").orElse(m.seed * 1_000_003L + m.nextSample());
        // top_k and top_p left out: no cut (0 and 1.0 keep every token).
        SampleOptions so = new SampleOptions(length, o.checkedNumber("temperature"), o.has("greedy"),
                (int) o.number("top_k").orElse(0), o.number("top_p").orElse(1.0), seed);
        if (showPrime) out.print(prime);
        TokenText text = new TokenText(v, out, showPrime);
        try {
            Sampler.sample(m.state.model(), ids, so, m.lastConfig() != null ? m.lastConfig().seq() : 0, text::accept);
        } catch (java.util.concurrent.CancellationException e) {
            out.println();    // end the sampled line before the message
            throw e;
        }
        text.finish();
    }

    /** Where a sample without a prime starts: a newline, a space, a sentence end, or the first token. */
    private static int startToken(Vocabulary v) {
        for (String t : List.of("\n", ".", " ", "<eos>", "<bos>")) if (v.contains(t)) return v.id(t);
        return 0;
    }

    @Override public void summary(Statement.Summary s, Workspace ws, PrintStream out) {
        String name = modelName(s.model(), ws, s);
        ModelSession m = ws.model(name);
        if (m != null) {
            Tables.summary(out, m.compiled.name(), m.compiled.data(), m.compiled.rows());
            return;
        }
        ModelKind kind = ModelKind.of(ws.scope().models().get(name));
        List<Statement.DataDecl> decls = new java.util.ArrayList<>(ws.scope().data().values());
        java.util.Collections.reverse(decls);
        for (Statement.DataDecl d : decls) {
            Dataset data;
            try {
                data = EngineData.declared(d, ws, seed(ws));
            } catch (DataException e) {
                throw RunFailure.at(d.span(), e.getMessage());
            }
            if (kind.fits(data)) {
                CompiledModel c = compile(name, DataShape.of(data), ws).compiled;
                Tables.summary(out, c.name(), c.data(), c.rows());
                return;
            }
        }
        out.print(ModelPrinter.print(ws.scope().models().get(name)));
        out.println(kind.summaryNeeds());
    }

    @Override public void save(Statement.Save s, Workspace ws, PrintStream out) {
        CheckpointIo.save(this, s, ws, out);
    }

    @Override public void load(Statement.Load s, Workspace ws, PrintStream out) {
        CheckpointIo.load(this, s, ws, out);
    }

    @Override public void plot(Statement.Plot s, Workspace ws, PrintStream out) {
        LossPlot.plot(s, ws, out);
    }

    @Override public void inspect(Statement.Inspect s, Workspace ws, PrintStream out) {
        InspectCommand.inspect(s, ws, out);
    }

    @Override public void similarity(Statement.Similarity s, Workspace ws, PrintStream out) {
        InspectCommand.similarity(s, ws, out);
    }

    @Override public void analogy(Statement.Analogy s, Workspace ws, PrintStream out) {
        InspectCommand.analogy(s, ws, out);
    }

    @Override public void fill(Statement.Fill s, Workspace ws, PrintStream out) {
        PredictionViews.fill(s, ws, out);
    }

    @Override public void classify(Statement.Classify s, Workspace ws, PrintStream out) {
        if (NextSentenceRun.handles(s, ws)) {
            NextSentenceRun.classify(s, ws, out);
            return;
        }
        PredictionViews.classify(s, ws, out);
    }

    @Override public void forecast(Statement.Forecast s, Workspace ws, PrintStream out) {
        PredictionViews.forecast(this, s, ws, out);
    }

    @Override public void vectors(Statement.Vectors s, Workspace ws, PrintStream out) {
        WordVectors.make(s, ws, out, backend);
    }

    @Override public void compare(Statement.Compare s, Workspace ws, PrintStream out) {
        stepping = true;
        try {
            CompareCommand.run(this, s, ws, out, stop);
        } finally {
            stepping = false;
        }
    }

    @Override public void export(Statement.Export s, Workspace ws, PrintStream out) {
        PytorchExport.export(s, ws, out);
    }

    @Override public void translate(Statement.Translate s, Workspace ws, PrintStream out) {
        String name = modelName(s.model(), ws, s);
        ModelKind.of(ws.scope().models().get(name)).translate(s, name, ws, out);
    }

    /** Streams sampled tokens as text: characters as they are, words with a space between. */
    private static final class TokenText {
        private final Vocabulary v;
        private final PrintStream out;
        private boolean space;
        private final List<Integer> bytes = new java.util.ArrayList<>();

        TokenText(Vocabulary v, PrintStream out, boolean afterPrime) {
            this.v = v;
            this.out = out;
            this.space = afterPrime;
        }

        void accept(int id) {
            switch (v.kind()) {
                case WORD -> {
                    out.print((space ? " " : "") + v.token(id));
                    space = true;
                }
                case BYTES -> bytes.add(id);
                default -> out.print(v.token(id));
            }
            out.flush();
        }

        void finish() {
            if (v.kind() == TokenKind.BYTES) out.print(v.decode(bytes.stream().mapToInt(Integer::intValue).toArray()));
            out.println();
        }
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
