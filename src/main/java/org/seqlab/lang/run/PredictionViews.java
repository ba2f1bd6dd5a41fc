package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Examples;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.SourceSpan;
import org.seqlab.inspect.ClassProbabilities;
import org.seqlab.inspect.MaskFill;
import org.seqlab.inspect.SeriesForecast;
import org.seqlab.inspect.TextTrace;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;

/**
 * What a model predicts, for the model kinds that do not predict the next token (issue #13): {@code fill}
 * (a masked LM's top k at each {@code <mask>}), {@code classify} (a many-to-one model's class probabilities)
 * and {@code forecast} (a series model against the held-out tail). Each finds the model, refuses a model of
 * another kind with what to use instead, and has {@link org.seqlab.inspect} compute the picture from the
 * model's own forward pass.
 */
final class PredictionViews {

    private PredictionViews() {
    }

    // ---- fill ----------------------------------------------------------------------------------------

    static void fill(Statement.Fill s, Workspace ws, PrintStream out) {
        ModelSession m = InspectCommand.session(s.model(), ws, s);
        DataKind k = m.state.kind();
        if (k != DataKind.MASKED_TOKEN) {
            throw RunFailure.at(modelSpan(s.model(), s), "fill shows what a masked LM (BERT) puts at a <mask>; '"
                    + m.compiled.name() + "' is a " + k.words() + " model, which never saw a <mask> in training",
                    k == DataKind.NEXT_TOKEN ? "train a model that sees both sides with objective=masked, or see what this one "
                            + "expects next with: inspect next on \"...\"" : "train a model on a corpus with objective=masked");
        }
        Vocabulary v = InspectCommand.vocabulary(m);
        int[] ids = encodeWithMasks(v, s.text());
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(v.token(id));
        int kTop = (int) s.opts().number("k").orElse(5);
        Object picture = InspectCommand.guarded(s.span(), () -> MaskFill.of(TextTrace.of(m.state.model(), ids, tokens), v, kTop).picture());
        InspectCommand.show(picture, null, false, out);
    }

    /** The text's token ids with the masked LM's {@code <mask>} id wherever the text says {@code <mask>}. */
    static int[] encodeWithMasks(Vocabulary v, Value text) {
        String t = InspectCommand.text(text);
        String[] pieces = t.split(java.util.regex.Pattern.quote(Vocabulary.MASK), -1);
        if (pieces.length < 2) {
            throw RunFailure.at(text.span(), "the text has no <mask> to fill", "e.g. fill \"the boy <mask> the cookie\" with bert");
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) ids.add(v.maskId());
            try {
                for (int id : v.encodeStrict(pieces[i])) ids.add(id);
            } catch (DataException e) {
                throw RunFailure.at(text.span(), e.getMessage(), e.hint() != null ? e.hint() : "use words the model was trained on");
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- classify ------------------------------------------------------------------------------------

    static void classify(Statement.Classify s, Workspace ws, PrintStream out) {
        ModelSession m = InspectCommand.session(s.model(), ws, s);
        DataKind k = m.state.kind();
        if (k != DataKind.CLASSIFICATION) {
            throw RunFailure.at(modelSpan(s.model(), s), "classify shows the class probabilities of a many-to-one model; '"
                    + m.compiled.name() + "' is a " + k.words() + " model, which gives "
                    + (k == DataKind.REGRESSION ? "a number" : "an answer at every position") + ", not a class for the text",
                    k == DataKind.NEXT_TOKEN ? "train a model ending in 'pool last; output softmax' on labelled data "
                            + "(data reviews = \"reviews.tsv\" format=labeled), or see what this one expects next with: inspect next on \"...\""
                            : k == DataKind.MASKED_TOKEN ? "use fill \"... <mask> ...\" for a masked LM"
                            : "train a model ending in 'pool last; output softmax' on labelled data: data reviews = \"reviews.tsv\" format=labeled");
        }
        TextTrace t = InspectCommand.trace(m, s.text());
        List<String> classes = classNames(m, ws, s.span());
        InspectCommand.show(InspectCommand.guarded(s.span(), () -> ClassProbabilities.of(t, classes).table()), null, false, out);
    }

    /** The class names of the data the model was trained on; "class 0", "class 1" ... when those are not declared here. */
    private static List<String> classNames(ModelSession m, Workspace ws, SourceSpan at) {
        String dataName = m.compiled.data().dataName();
        if (ws.scope().data().containsKey(dataName)) {
            Dataset d = EngineData.resolve(new Value.Word(dataName, at), ws, TensorEngine.seed(ws));
            if (d instanceof ExampleSet e && e.labels().size() == m.compiled.data().outputSize()) return e.labels();
            if (d instanceof ExampleSet e && m.compiled.data().outputSize() == 1 && e.labels().size() == 2) return e.labels();
        }
        int n = Math.max(2, m.compiled.data().outputSize());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add("class " + i);
        return names;
    }

    // ---- forecast ------------------------------------------------------------------------------------

    static void forecast(TensorEngine engine, Statement.Forecast s, Workspace ws, PrintStream out) {
        Dataset data = EngineData.resolve(s.data(), ws, TensorEngine.seed(ws));
        if (!(data instanceof ExampleSet set) || set.kind() != DataKind.REGRESSION || set.featureSize() != 1 || set.standardizer() == null) {
            throw RunFailure.at(s.data().span(), "forecast reads a series; " + data.name() + " is " + data.kind().words() + " data"
                    + (data.kind() == DataKind.REGRESSION ? " of " + ((ExampleSet) data).featureSize() + " numbers per step, not a series" : ""),
                    "declare one: series walk generator=random_walk length=3000 window=20");
        }
        String name = s.model() != null ? TensorEngine.modelName(s.model(), ws, s) : trainedOn(set, ws, s);
        ModelSession m = engine.session(name, set, ws, s);
        if (m.encoderDecoder() != null || m.state.kind() != DataKind.REGRESSION) {
            throw RunFailure.at(modelSpan(s.model(), s), "forecast needs a model trained on a series; '" + name + "' is a "
                    + m.state.kind().words() + " model", "e.g. model m { layer lstm(hidden=32); pool last; output linear }; train m on "
                    + set.name());
        }
        Examples va = set.validation();
        int steps = (int) s.opts().number("steps").orElse(30);
        if (steps > va.size()) {
            SourceSpan at = s.opts().arg("steps").map(a -> a.span()).orElse(s.span());
            throw RunFailure.at(at, "the held-out tail of " + set.name() + " has " + va.size() + " values; steps=" + steps
                    + " asks for more", "forecast at most steps=" + va.size() + " (or declare the series with a smaller split=)");
        }
        List<float[]> windows = new ArrayList<>();
        float[] targets = new float[steps];
        int from = va.size() - steps;
        for (int i = 0; i < steps; i++) {
            windows.add(va.features(from + i));
            targets[i] = va.value(from + i);
        }
        int window = va.length(0);
        int first = set.train().size() + window + from;    // series position of the first target
        Object picture = InspectCommand.guarded(s.span(),
                () -> SeriesForecast.of(m.state.model(), name, set.name(), windows, targets, first, set.standardizer()).picture());
        InspectCommand.show(picture, s.output(), false, out);
    }

    /** Without {@code with M}: the current model if it has met the series, else the last defined model that has. */
    private static String trainedOn(ExampleSet set, Workspace ws, Statement s) {
        String current = ws.scope().current();
        String found = null;
        for (String n : ws.scope().models().keySet()) {
            ModelSession m = ws.model(n);
            if (m != null && m.encoderDecoder() == null && m.compiled.data().dataName().equals(set.name())) {
                if (n.equals(current)) return n;
                found = n;
            }
        }
        if (found != null) return found;
        throw RunFailure.at(s.span(), "no model has been trained on " + set.name() + " yet",
                "train one: model m { layer lstm(hidden=32); pool last; output linear }  train m on " + set.name()
                        + "   (or name one: forecast " + set.name() + " with M)");
    }

    private static SourceSpan modelSpan(Value.Word model, Statement s) {
        return model != null ? model.span() : s.span();
    }
}
