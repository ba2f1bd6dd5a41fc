package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.Generators;
import org.seqlab.data.Split;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.inspect.render.LinePlot;
import org.seqlab.inspect.render.Table;
import org.seqlab.inspect.render.Terminal;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.Checker;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.Scope;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.syntax.ScriptParser;
import org.seqlab.train.Evaluator;
import org.seqlab.train.Metrics;
import org.seqlab.train.Progress;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.TrainState;
import org.seqlab.train.Trainer;
import org.seqlab.session.Workspace;
import org.seqlab.session.Interrupts;

/**
 * {@code compare srn, lstm, gru on task adding length=10,20,50 epochs=3}: trains every candidate on every
 * setting of the task and prints one table, candidates down, settings across, each cell the validation
 * loss and accuracy (classes) or MSE (regression). A candidate is a declared model or a recurrent cell kind,
 * which stands for a default model: {@code embed 32} for token data, one layer of that kind with 64 hidden
 * units, and the output the data asks for. A list-valued task parameter makes one setting per value (several
 * lists: every combination). Each run starts from the session seed, so candidates get the same data and the
 * same draws, and the whole comparison repeats exactly. The workspace's models are left untouched.
 * When exactly one task parameter takes a list, a line plot of the metric against it follows the table (one
 * line per candidate); {@code to "x.png" | "x.svg" | "x.html"} writes that plot instead of printing it.
 */
final class CompareCommand {

    /** Hidden units of a cell kind's default model. */
    static final int HIDDEN = 64;
    /** Embedding width of a cell kind's default model on token data. */
    static final int EMBED = 32;

    private CompareCommand() {
    }

    /** One data setting: its label in the table header, the data set, and its value of the varying parameter. */
    private record Setting(String label, Dataset data, double x) {
    }

    static void run(TensorEngine engine, Statement.Compare s, Workspace ws, PrintStream out, AtomicBoolean stop) {
        long seed = TensorEngine.seed(ws);
        List<Setting> settings = settings(s, ws, seed);
        List<String> header = new ArrayList<>();
        header.add("model");
        for (Setting st : settings) header.add(st.label());
        List<List<String>> rows = new ArrayList<>();
        List<LinePlot.Series> lines = new ArrayList<>();
        String metric = null;
        boolean stopped = false;
        stop.set(false);
        try (Interrupts ignored = Interrupts.install(stop)) {
            for (Value.Word candidate : s.models()) {
                List<String> row = new ArrayList<>();
                row.add(candidate.name());
                List<double[]> points = new ArrayList<>();
                for (Setting st : settings) {
                    if (stopped) {
                        row.add("-");
                        continue;
                    }
                    out.println("compare: training " + candidate.name() + " on " + st.label() + " ...");
                    out.flush();
                    Metrics m = trainAndEvaluate(engine, candidate, st.data(), s, ws, seed, stop);
                    stopped = stop.get();
                    row.add(m == null ? "-" : cell(m) + (stopped ? " (stopped)" : ""));
                    if (m != null && !stopped) {
                        metric = Double.isNaN(m.mse()) ? "validation loss" : "validation MSE";
                        points.add(new double[] {st.x(), Double.isNaN(m.mse()) ? m.loss() : m.mse()});
                    }
                }
                rows.add(row);
                if (!points.isEmpty()) lines.add(series(candidate.name(), points));
            }
        } finally {
            stop.set(false);
        }
        String title = "validation results after training (" + describeTraining(s) + ")";
        List<String> footer = stopped ? List.of("stopped early: runs marked - did not happen") : List.of();
        Table table = new Table(title, header, rows, footer);
        Display.show(out, table, false, Terminal.render(table, InspectCommand.terminal(false)));
        plot(s, settings, lines, metric, out);
    }

    /** The metric against the one varying task parameter, printed, or written where {@code to} says. */
    private static void plot(Statement.Compare s, List<Setting> settings, List<LinePlot.Series> lines, String metric,
                             PrintStream out) {
        String varying = settings.size() > 1 && !Double.isNaN(settings.get(0).x()) ? varyingName(settings.get(0)) : null;
        if (varying == null || lines.isEmpty()) {
            if (s.output() != null) {
                throw RunFailure.at(s.output().span(), "nothing to plot: compare draws its results against one task "
                        + "parameter given as a list", "for example: compare srn, lstm on task adding length=10,20,50 to \"c.png\"");
            }
            return;
        }
        LinePlot p = new LinePlot(metric + " against " + varying, varying, metric, lines);
        InspectCommand.show(p, s.output(), false, out);
    }

    private static String varyingName(Setting st) {
        return st.label().substring(0, st.label().indexOf('='));
    }

    private static LinePlot.Series series(String label, List<double[]> points) {
        double[] xs = new double[points.size()], ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        return new LinePlot.Series(label, xs, ys);
    }

    /** Trains a fresh model for candidate on data and evaluates it on the validation split; null if it diverged. */
    private static Metrics trainAndEvaluate(TensorEngine engine, Value.Word candidate, Dataset data, Statement.Compare s,
                                            Workspace ws, long seed, AtomicBoolean stop) {
        Statement.ModelDef def = modelFor(candidate, data, ws);
        CompiledModel cm;
        try {
            cm = ModelCompiler.compile(def, DataShape.of(data), engine.backend(), seed, true, n -> WordVectors.words(n, ws));
        } catch (DiagnosticException e) {
            throw RunFailure.at(candidate.span(), "cannot compare " + candidate.name() + " on " + data.name() + ": "
                    + e.diagnostics().get(0).message());
        }
        TrainState state = new TrainState(cm.model(), DataShape.of(data).kind(), cm.outputKind());
        if (cm.model() != null) state.replicas(ModelCompiler.replicas(def, DataShape.of(data), seed));   // as train does
        TrainConfig cfg = TrainOptions.from(s.opts(), seed, cm.recurrent());
        try (DropoutOverride ignored = DropoutOverride.lenient(s.opts(), cm.model()).apply()) {
            Trainer.Result r = new Trainer(state, data, cfg, Progress.SILENT, Trainer.Hook.NONE, stop).run();
            if (r.end() == Trainer.End.NOT_FINITE) return null;
            return Evaluator.evaluate(cm.model(), state.kind(), state.outputKind(), data, Split.VALIDATION, cfg.batch(), cfg.seq());
        } catch (DataException | java.io.UncheckedIOException e) {
            throw RunFailure.at(s.span(), e.getMessage());
        }
    }

    /** "loss 0.1234 acc 97.5%" for classes, "mse 0.0012" for regression (its loss is the MSE). */
    private static String cell(Metrics m) {
        if (!Double.isNaN(m.mse())) return String.format(Locale.ROOT, "mse %.4f", m.mse());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", m.loss()));
        if (!Double.isNaN(m.accuracy())) sb.append(String.format(Locale.ROOT, " acc %.1f%%", 100 * m.accuracy()));
        return sb.toString();
    }

    private static String describeTraining(Statement.Compare s) {
        List<String> parts = new ArrayList<>();
        for (Arg a : s.opts().args()) if (!isTaskParam(a.name())) parts.add(a.toString());
        return parts.isEmpty() ? "default options" : String.join(" ", parts);
    }

    private static boolean isTaskParam(String name) {
        return Generators.taskNames().stream().anyMatch(t -> Generators.parameters(t).stream().anyMatch(p -> p.name().equals(name)));
    }

    // ---- data settings --------------------------------------------------------------------------

    private static List<Setting> settings(Statement.Compare s, Workspace ws, long seed) {
        if (s.task() == null) {
            Dataset d = EngineData.resolve(s.data(), ws, seed);
            return List.of(new Setting(d.name(), check(d, s.data()), Double.NaN));
        }
        String task = s.task().name();
        List<String> known = Generators.parameters(task).stream().map(Generators.Option::name).toList();
        // Every combination of the list-valued task parameters, in the order written.
        List<Map<String, Number>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        List<String> varying = new ArrayList<>();
        for (Arg a : s.opts().args()) {
            if (!known.contains(a.name())) continue;
            List<Value> values = a.value() instanceof Value.ListV l ? l.items() : List.of(a.value());
            if (values.size() > 1) varying.add(a.name());
            List<Map<String, Number>> next = new ArrayList<>();
            for (Map<String, Number> c : combos) {
                for (Value v : values) {
                    if (!(v instanceof Value.Num n)) throw RunFailure.at(v.span(), a.name() + " takes numbers, not " + v.text());
                    Map<String, Number> m = new LinkedHashMap<>(c);
                    m.put(a.name(), n.value());
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Setting> out = new ArrayList<>();
        for (Map<String, Number> c : combos) {
            List<String> label = new ArrayList<>();
            for (String v : varying) label.add(v + "=" + fmt(c.get(v)));
            try {
                Dataset d = Generators.task(task, c, seed).named(task);
                double x = varying.size() == 1 ? c.get(varying.get(0)).doubleValue() : Double.NaN;
                out.add(new Setting(label.isEmpty() ? task : String.join(" ", label), check(d, s.task()), x));
            } catch (DataException e) {
                throw RunFailure.at(s.task().span(), e.getMessage());
            }
        }
        return out;
    }

    private static Dataset check(Dataset d, Value at) {
        if (d.kind() == DataKind.SEQ2SEQ) {
            throw RunFailure.at(at.span(), "compare takes next-token, classification and regression data, not seq2seq pairs",
                    "train and evaluate each encoder-decoder model on it instead");
        }
        return d;
    }

    private static String fmt(Number n) {
        double v = n.doubleValue();
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    // ---- candidates -----------------------------------------------------------------------------

    /** A declared model as it is, or the default model of a recurrent cell kind for these data. */
    static Statement.ModelDef modelFor(Value.Word candidate, Dataset data, Workspace ws) {
        String name = candidate.name();
        Statement.ModelDef declared = ws.scope().models().get(name);
        if (declared != null) return declared;
        if (!LayerSpecs.RECURRENT.contains(name)) {
            throw RunFailure.at(candidate.span(), "not available yet: comparing '" + name + "' (cell kinds srn, rnn, lstm, gru"
                    + " or a declared model)");
        }
        return parse("compare_" + name, defaultSource("compare_" + name, name, data));
    }

    /** "model compare_lstm { embed 32; layer lstm(hidden=64); output softmax }" for token data. */
    static String defaultSource(String modelName, String cell, Dataset data) {
        String input = data.vocabulary() != null && DataShape.of(data).tokens() ? "embed " + EMBED + "; " : "";
        String output = data.kind() == DataKind.REGRESSION ? "linear" : "softmax";
        return "model " + modelName + " { " + input + "layer " + cell + "(hidden=" + HIDDEN + "); output " + output + " }";
    }

    private static Statement.ModelDef parse(String name, String source) {
        ScriptParser parser = new ScriptParser(StatementSpecs::expectedValue);
        List<Statement> st = new Checker(parser, new UseResolver()).check(parser.parse("(compare)", source), new Scope());
        if (st.size() != 1 || !(st.get(0) instanceof Statement.ModelDef def) || !def.name().name().equals(name)) {
            throw new IllegalStateException("default model did not parse: " + source);
        }
        return def;
    }
}
