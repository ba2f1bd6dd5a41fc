package org.seqlab.lang.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.Suggest;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Script;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Statement.*;
import org.seqlab.lang.ast.TrainRule;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.syntax.ScriptParser;
import org.seqlab.tensor.Safetensors;

/**
 * Everything that can be known before anything runs: known statements, layer kinds, parameters
 * and flags, types and ranges, names defined earlier (in the script or the workspace), templates
 * and their arguments, {@code use} files and cycles. Returns the statements with every argument
 * named (a "checked statement"), the statements of used files put in place after their
 * {@code use}; or throws a {@link DiagnosticException} with every independent error.
 */
public final class Checker implements Statement.Visitor<Statement> {

    private final ScriptParser parser;
    private final UseResolver resolver;
    private Report r;
    private Scope scope;
    private ModelChecker models;
    private final Deque<String> useStack = new ArrayDeque<>();
    private List<Statement> out;
    private Refs refs;
    private boolean inRule;

    public Checker() {
        this(new ScriptParser(StatementSpecs::expectedValue), new UseResolver());
    }

    public Checker(ScriptParser parser, UseResolver resolver) {
        this.parser = parser;
        this.resolver = resolver;
    }

    /**
     * Checks {@code script} against the names in {@code known} (left untouched).
     *
     * @return the checked statements, in order, with used files' statements inlined
     * @throws DiagnosticException with every error found
     */
    public List<Statement> check(Script script, Scope known) {
        r = new Report();
        scope = known.copy();
        models = new ModelChecker(r);
        refs = new Refs(r, scope);
        out = new ArrayList<>();
        useStack.clear();
        useStack.push(script.file());
        try {
            statements(script);
        } catch (Report.Full enough) {
            // the report is full; what is in it is reported
        }
        useStack.clear();
        if (r.count() > 0) {
            List<org.seqlab.diag.Diagnostic> sorted = new ArrayList<>(r.errors());
            sorted.sort(java.util.Comparator.comparing((org.seqlab.diag.Diagnostic d) -> !d.span().file().equals(script.file()))
                    .thenComparing(d -> d.span().file())
                    .thenComparingInt(d -> d.span().line()).thenComparingInt(d -> d.span().column()));
            throw new DiagnosticException(sorted);
        }
        return out;
    }

    private void statements(Script script) {
        for (Statement s : script.statements()) {
            Statement checked;
            try {
                checked = s.accept(this);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                r.addAll(List.of(org.seqlab.diag.InternalFailure.of(s.span(), "checking '" + s.keyword() + "'", e)));
                continue;
            }
            if (checked != null) {
                out.add(checked);
            }
        }
    }

    @Override
    public Statement visitModelDef(ModelDef s) {
        ModelDef m = models.definition(s);
        vectorsFrom(m);
        scope.defineModel(m);
        return m;
    }

    @Override
    public Statement visitModelAlias(ModelAlias s) {
        ModelDef m = models.instantiate(s, scope);
        if (m == null) {
            // Define the name anyway so later statements do not report it as undefined too.
            m = new ModelDef(s.name(), List.of(), false, List.of(), s.span());
        }
        scope.defineModel(m);
        return m;
    }

    @Override
    public Statement visitDataDecl(DataDecl s) {
        Spec spec = StatementSpecs.statement(s.kind().word()).orElseThrow();
        String name = s.name().name();
        switch (s.kind()) {
            case CORPUS -> {
                if (s.source() == null && !StatementSpecs.CORPUS_GENERATORS.contains(name)) {
                    r.error(s.name().span(), "corpus '" + name + "' needs a file",
                            "e.g. corpus " + name + " = \"" + name + ".txt\"  (built-in corpora: elman, bank, recall)");
                }
            }
            case TASK -> {
                if (s.source() != null) {
                    r.error(s.source().span(), "a task is generated; it takes no file");
                }
                if (!StatementSpecs.generators().containsKey(name)) {
                    String hint = Suggest.didYouMean(name, StatementSpecs.generators().keySet());
                    r.error(s.name().span(), "unknown task '" + name + "'", hint != null ? hint
                            : "built-in tasks: " + String.join(", ", StatementSpecs.generators().keySet()));
                }
            }
            case SERIES -> {
                boolean generated = s.opts().arg("generator").isPresent();
                if (s.source() == null && !generated) {
                    r.error(s.name().span(), "series '" + name + "' needs a file or a generator",
                            "e.g. " + spec.example() + "   or   series " + name + " generator=random_walk length=2000");
                } else if (s.source() != null && generated) {
                    r.error(s.opts().arg("generator").get().span(), "a series comes from a file or a generator, not both",
                            "leave out generator=, or the file");
                } else if (s.source() != null && s.opts().arg("column").isEmpty()) {
                    r.error(Refs.keywordSpan(s), "'series' needs column=... (a name)", "e.g. " + spec.example());
                }
            }
            default -> {
                if (s.source() == null) {
                    r.error(s.name().span(), s.kind().word() + " '" + name + "' needs a file",
                            "e.g. " + spec.example());
                }
            }
        }
        if (s.source() != null && ParamType.FILE.problem(s.source()) != null) {
            r.error(s.source().span(), "expected a file name after '=', not " + s.source().text());
        }
        String what = "'" + s.kind().word() + "'";
        if (s.kind() == Statement.DataDeclKind.TASK && StatementSpecs.generators().containsKey(name)) {
            spec = StatementSpecs.generators().get(name);
            what = "'task " + name + "'";
        }
        Args opts = ArgChecker.check(s.opts(), spec, what, s.span(), Set.of(), r);
        DataDecl d = new DataDecl(s.kind(), s.name(), s.source(), opts, s.span());
        scope.defineData(d);
        return d;
    }

    @Override
    public Statement visitUse(Use s) {
        noExtras(s.opts(), "'use'");
        Value t = s.target();
        if (t == null || t instanceof Value.Num) {
            r.error(t == null ? s.span() : t.span(), "use needs a file or a library name", "e.g. use gpt   or   use \"my.seq\"");
            return null;
        }
        String target = t instanceof Value.Str str ? str.value() : t.text();
        boolean bare = t instanceof Value.Word;
        if (!bare && refs.path(t) == null) {
            return null;
        }
        if (!bare && !target.endsWith(".seq")) {
            // Only seqlab sources: another file's lines would end up quoted in the errors.
            r.error(t.span(), "use takes seqlab sources (.seq files), not '" + target + "'", "e.g. use \"my.seq\"");
            return null;
        }
        Path file = resolver.resolve(target, bare, useStack.peek()).orElse(null);
        if (file == null) {
            List<String> looked = resolver.candidates(target, bare, useStack.peek()).stream().map(Path::toString).toList();
            r.error(t.span(), "cannot find '" + (bare ? target + ".seq" : target) + "'",
                    "looked in " + String.join(", ", looked));
            return null;
        }
        String key = file.toAbsolutePath().normalize().toString();
        if (useStack.contains(key)) {
            r.error(t.span(), "'" + target + "' uses itself (a use cycle)",
                    "the chain: " + cycle(key));
            return null;
        }
        if (!scope.usedFiles().add(key)) {
            return s;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            r.error(t.span(), "cannot read '" + file + "': " + e.getMessage());
            return null;
        }
        Script used;
        try {
            used = parser.parse(key, text);
        } catch (DiagnosticException e) {
            r.addAll(e.diagnostics());
            return null;
        }
        out.add(s);
        useStack.push(key);
        statements(used);
        useStack.pop();
        return null;
    }

    @Override
    public Statement visitTrain(Train s) {
        refs.modelRef(s.model(), s);
        refs.dataRef(s.data(), s, "train lm on shakespeare");
        Args opts = opts(s.opts(), s);
        if (opts.given("epochs").isPresent() && opts.given("steps").isPresent()) {
            r.error(opts.given("steps").get().nameSpan(), "give epochs= or steps=, not both");
        }
        List<TrainRule> rules = new ArrayList<>();
        for (TrainRule rule : s.rules()) {
            rules.add(rule(rule, s.model()));
        }
        return new Train(s.model(), s.data(), opts, rules, s.span());
    }

    private TrainRule rule(TrainRule rule, Value.Word model) {
        Statement action = rule.action();
        if (!StatementSpecs.RULE_ACTIONS.contains(action.keyword().toLowerCase(Locale.ROOT))
                && !(action instanceof Unknown)) {
            r.error(action.span(), "'" + action.keyword() + "' cannot run inside a training rule",
                    "rules may run: " + String.join(", ", StatementSpecs.RULE_ACTIONS.stream().sorted().toList()));
        }
        String saved = scope.current();
        if (model != null && scope.models().containsKey(model.name())) {
            scope.setCurrent(model.name());
        }
        inRule = true;
        Statement checked = action.accept(this);
        inRule = false;
        scope.setCurrent(saved);
        if (rule instanceof TrainRule.Every e) {
            if (ParamType.POSITIVE_INT.problem(e.count()) != null) {
                r.error(e.count().span(), "every needs a positive whole number, not " + e.count().text());
            }
            refs.choice(e.unit(), StatementSpecs.EVERY_UNITS, "unit");
            return new TrainRule.Every(e.count(), e.unit(), checked, e.span());
        }
        TrainRule.When w = (TrainRule.When) rule;
        refs.choice(w.metric(), StatementSpecs.METRICS, "metric");
        if (!(w.threshold() instanceof Value.Num)) {
            r.error(w.threshold().span(), "a when rule compares with a number, not " + w.threshold().text());
        }
        return new TrainRule.When(w.metric(), w.op(), w.threshold(), checked, w.span());
    }

    @Override
    public Statement visitEvaluate(Evaluate s) {
        refs.modelRef(s.model(), s);
        refs.dataRef(s.data(), s, "evaluate lm on shakespeare");
        return new Evaluate(s.model(), s.data(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitCompare(Compare s) {
        for (Value.Word m : s.models()) {
            if (!scope.models().containsKey(m.name()) && !LayerSpecs.RECURRENT.contains(m.name())
                    && !m.name().equals("transformer")) {
                List<String> names = new ArrayList<>(scope.models().keySet());
                names.addAll(LayerSpecs.RECURRENT);
                r.error(m.span(), "unknown model or cell kind '" + m.name() + "'", Suggest.didYouMean(m.name(), names));
            }
        }
        if (s.task() != null && !StatementSpecs.generators().containsKey(s.task().name())) {
            r.error(s.task().span(), "unknown task '" + s.task().name() + "'",
                    Suggest.didYouMean(s.task().name(), StatementSpecs.generators().keySet()));
        }
        if (s.data() != null) {
            refs.dataRef(s.data(), s, "compare lstm, gru on task adding");
        }
        refs.picture(s.output());
        return new Compare(s.models(), s.task(), s.data(), s.output(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitSample(Sample s) {
        refs.modelRef(s.model(), s);
        if (s.length() != null && ParamType.POSITIVE_INT.problem(s.length()) != null) {
            r.error(s.length().span(), "sample length must be a positive whole number, not " + s.length().text());
        }
        refs.text(s.prompt(), "from");
        Args opts = opts(s.opts(), s);
        Value length = s.length();
        // `sample length=300` is `sample 300`: the engine reads the length from one place, the default's too.
        if (opts.given("length").isPresent() && length != null) {
            r.error(opts.given("length").get().nameSpan(), "the length is given twice");
        }
        if (length == null) {
            length = opts.value("length").orElse(null);
        }
        opts = new Args(opts.args().stream().filter(a -> !"length".equals(a.name())).toList(), opts.flags(),
                opts.defaults().stream().filter(a -> !"length".equals(a.name())).toList());
        return new Sample(length, s.prompt(), s.model(), opts, s.span());
    }

    @Override
    public Statement visitTranslate(Translate s) {
        refs.modelRef(s.model(), s);
        refs.required(s.text(), s, "a text to translate", "translate \"a b c d\" with translator");
        refs.text(s.text(), "translate");
        return new Translate(s.text(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitInspect(Inspect s) {
        boolean counted = s.kind() != null && s.kind().name().equals("embedding") && s.opts().arg("in").isPresent();
        if (s.kind() == null || !s.kind().name().equals("positional") && !(counted && s.model() == null)) {
            refs.modelRef(s.model(), s);
        }
        if (s.kind() == null) {
            r.error(s.span(), "inspect needs what to look at",
                    "one of " + String.join(", ", StatementSpecs.inspections().keySet()));
            return s;
        }
        Spec spec = StatementSpecs.inspections().get(s.kind().name());
        if (spec == null) {
            String hint = Suggest.didYouMean(s.kind().name(), StatementSpecs.inspections().keySet());
            r.error(s.kind().span(), "unknown inspection '" + s.kind().name() + "'", hint != null ? hint
                    : "one of " + String.join(", ", StatementSpecs.inspections().keySet()));
            return s;
        }
        if (s.kind().name().equals("embedding") && s.opts().has("map")) {
            if (s.opts().arg("words").isEmpty()) {
                r.error(s.kind().span(), "inspect embedding map needs the words to place",
                        "e.g. inspect embedding map words=\"boy girl dog cat eat chase\"");
            }
            vectorsRef(s.opts());
        } else if (s.kind().name().equals("embedding")) {
            refs.required(s.query(), s, "a word: nearest \"king\"", spec.example());
            refs.text(s.query(), "nearest");
            vectorsRef(s.opts());
        } else if (s.kind().name().equals("positional")) {
            if (s.text() != null) {
                r.error(s.text().span(), "inspect positional shows the encoding itself; it reads no text",
                        "e.g. " + spec.example());
            }
        } else if (!s.kind().name().equals("words") || s.text() != null) {
            refs.required(s.text(), s, "a text: on \"...\"", spec.example());
            refs.text(s.text(), "on");
        }
        refs.picture(s.output());
        Args opts = ArgChecker.check(s.opts(), spec, "'inspect " + spec.name() + "'", s.kind().span(), Set.of(), r);
        return new Inspect(s.kind(), s.text(), s.query(), s.output(), s.model(), opts, s.span());
    }

    @Override
    public Statement visitSimilarity(Similarity s) {
        if (s.opts().arg("in").isEmpty() || s.model() != null) refs.modelRef(s.model(), s);
        refs.required(s.a(), s, "two words", "similarity \"cat\" \"dog\"");
        refs.required(s.b(), s, "two words", "similarity \"cat\" \"dog\"");
        refs.text(s.a(), "similarity");
        refs.text(s.b(), "similarity");
        vectorsRef(s.opts());
        return new Similarity(s.a(), s.b(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitAnalogy(Analogy s) {
        if (s.opts().arg("in").isEmpty() || s.model() != null) refs.modelRef(s.model(), s);
        s.terms().forEach(t -> refs.text(t.word(), "analogy"));
        vectorsRef(s.opts());
        return new Analogy(s.terms(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitPlot(Plot s) {
        if (s.what() == null) {
            r.error(s.span(), "plot needs what to draw", "one of " + String.join(", ", StatementSpecs.PLOTS));
        } else {
            refs.choice(s.what(), StatementSpecs.PLOTS, "plot");
        }
        refs.picture(s.output());
        return new Plot(s.what(), s.output(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitSummary(Summary s) {
        refs.modelRef(s.model(), s);
        return new Summary(s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitSave(Save s) {
        refs.modelRef(s.model(), s);
        refs.file(s.file(), s, "save \"lm.safetensors\"");
        return new Save(s.file(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitLoad(Load s) {
        refs.file(s.file(), s, "load \"lm.safetensors\"");
        Path file = s.file() == null || ParamType.FILE.problem(s.file()) != null ? null : Refs.pathOrNull(s.file());
        if (file != null && (file.getFileName() == null || Files.isDirectory(file))) {
            r.error(s.file().span(), "'" + file + "' is a directory, not a checkpoint file", "e.g. load \"lm.safetensors\"");
            file = null;
        } else if (file != null && Files.exists(file) && !Files.isRegularFile(file)) {
            r.error(s.file().span(), "'" + file + "' is not a regular file (a device or a pipe?)",
                    "load reads checkpoint files written by save");
            file = null;
        }
        if (file != null) {
            // The loaded model keeps the name it was saved under (read from the file when it is there already);
            // a file yet to be written is taken to hold a model named after it: "runs/a.safetensors", model a.
            String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            try {
                if (Files.isRegularFile(file)) name = Safetensors.readMetadata(file).getOrDefault("model_name", name);
            } catch (IOException e) {
                // unreadable now: the load itself will say why
            }
            scope.defineModel(new ModelDef(new Value.Word(name, s.file().span()), List.of(), false, List.of(), s.span()));
        }
        return new Load(s.file(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitExport(Export s) {
        refs.modelRef(s.model(), s);
        if (s.format() == null) {
            r.error(s.span(), "export needs a format", "e.g. export pytorch \"lm.py\"");
        } else {
            refs.choice(s.format(), StatementSpecs.EXPORTS, "export format");
        }
        refs.file(s.file(), s, "export pytorch \"lm.py\"");
        return new Export(s.format(), s.file(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitSet(SetStmt s) {
        Args opts = opts(s.opts(), s);
        if (s.opts().args().isEmpty() && s.opts().flags().isEmpty()) {
            r.error(s.span(), "set needs a setting", "e.g. set seed=42");
        }
        return new SetStmt(opts, s.span());
    }

    @Override
    public Statement visitStop(Stop s) {
        if (!inRule) {
            r.error(s.span(), "'stop' only works in a train block's rule", "e.g. when val_loss < 1.6: stop");
        }
        noExtras(s.opts(), "'stop'");
        return s;
    }

    @Override
    public Statement visitUnknown(Unknown s) {
        String word = s.head().name();
        String lower = word.toLowerCase(Locale.ROOT);
        String hint = Suggest.didYouMean(word, StatementSpecs.statements().keySet());
        if (LayerSpecs.get(lower).isPresent() || lower.equals("layer")) {
            hint = "layers go inside a model: model m { " + word + " ... }";
        } else if (hint == null) {
            hint = "statements: " + String.join(", ", StatementSpecs.statements().keySet());
        }
        r.error(s.head().span(), "unknown statement '" + word + "'", hint);
        return null;
    }

    @Override
    public Statement visitFill(Fill s) {
        refs.modelRef(s.model(), s);
        refs.required(s.text(), s, "a text with <mask> in it", "fill \"the boy <mask> the cookie\" with bert k=5");
        refs.text(s.text(), "fill");
        if (s.text() instanceof Value.Str str && !str.value().contains("<mask>")) {
            r.error(s.text().span(), "the text has no <mask> to fill", "e.g. fill \"the boy <mask> the cookie\" with bert");
        }
        return new Fill(s.text(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitClassify(Classify s) {
        refs.modelRef(s.model(), s);
        refs.required(s.text(), s, "a text to classify", "classify \"what a great film\" with sentiment");
        refs.text(s.text(), "classify");
        return new Classify(s.text(), s.model(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitForecast(Forecast s) {
        refs.modelRef(s.model(), s);
        if (s.data() == null) {
            r.error(Refs.keywordSpan(s), "forecast needs a series: its name", "e.g. forecast prices steps=30");
        } else {
            refs.dataRef(s.data(), s, "forecast prices steps=30");
        }
        refs.picture(s.output());
        return new Forecast(s.data(), s.model(), s.output(), opts(s.opts(), s), s.span());
    }

    @Override
    public Statement visitVectors(Vectors s) {
        String example = "vectors cooc = counts of elman window=2 ppmi dim=20";
        if (s.name() == null || s.method() == null) {
            r.error(Refs.keywordSpan(s), "vectors needs a name and how to make them", "e.g. " + example);
        } else {
            refs.choice(s.method(), List.of("counts", "onehot"), "way to make vectors");
            scope.vectors().add(s.name().name());
        }
        if (s.source() == null) {
            if (s.name() != null) {
                r.error(Refs.keywordSpan(s), "vectors needs a corpus: 'of' and its name", "e.g. " + example);
            }
        } else {
            refs.dataRef(s.source(), s, example);
        }
        return new Vectors(s.name(), s.method(), s.source(), opts(s.opts(), s), s.span());
    }

    /** {@code embed N from NAME}: a bare name must name vectors made earlier by {@code vectors NAME = ...}. */
    private void vectorsFrom(ModelDef m) {
        if (m.template() || m.body().isEmpty() || !(m.body().get(0) instanceof org.seqlab.lang.ast.ModelItem.LayerDecl l)
                || !l.kind().equals("embed")) {
            return;
        }
        l.args().arg("from").filter(a -> a.value() instanceof Value.Word).ifPresent(a -> {
            String name = a.value().text();
            if (!scope.vectors().contains(name)) {
                String hint = Suggest.didYouMean(name, scope.vectors());
                r.error(a.value().span(), "no word vectors named '" + name + "'", hint != null ? hint
                        : "make them first (vectors " + name + " = counts of elman window=2 dim=" + (long) l.args().number("dim").orElse(20)
                        + "), or give a file name in quotes");
            }
        });
    }

    /** {@code in NAME} must name vectors made earlier by {@code vectors NAME = ...}. */
    private void vectorsRef(Args opts) {
        opts.arg("in").ifPresent(a -> {
            String name = a.value() instanceof Value.Str str ? str.value() : a.value().text();
            if (!scope.vectors().contains(name)) {
                String hint = Suggest.didYouMean(name, scope.vectors());
                r.error(a.value().span(), "no word vectors named '" + name + "'", hint != null ? hint
                        : "make them first, e.g. vectors " + name + " = counts of elman window=2");
            }
        });
    }

    /** "a.seq -> b.seq -> a.seq": the files from the first use of {@code key} back to it. */
    private String cycle(String key) {
        List<String> chain = new ArrayList<>();
        useStack.descendingIterator().forEachRemaining(f -> chain.add(Path.of(f).getFileName().toString()));
        chain.add(Path.of(key).getFileName().toString());
        return String.join(" -> ", chain);
    }

    // ---- shared checks ----

    private Args opts(Args args, Statement s) {
        Spec spec = StatementSpecs.statement(s.keyword()).orElseThrow();
        return ArgChecker.check(args, spec, "'" + s.keyword() + "'", s.span(), Set.of(), r);
    }

    private void noExtras(Args args, String what) {
        args.args().forEach(a -> r.error(a.span(), "unexpected " + a + " for " + what));
        args.flags().forEach(f -> r.error(f.span(), "unexpected '" + f.name() + "' for " + what));
    }

}
