package org.seqlab.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.data.DataKind;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Pool;

/**
 * Compiling, step 1 of 3: which layers, in what order, from the checked model and the kind of its data (not
 * yet its sizes). Repeats are unrolled; the input is the model's {@code embed} or {@code onehot} line, an
 * implicit one-hot for token data without one, or none for numeric features; every other line becomes its
 * {@link LayerSpec}, named as PyTorch would (lstm1, lstm2, dense1), a recurrent layer's {@code dropout=}
 * followed by a dropout layer; many-to-one data without a {@code pool} gets an implicit {@code pool last}; the
 * output layer ends it, its kind and size checked against the data. The order itself (input first, nothing
 * after the output, one pool) is the checker's rule (lang/check ModelStructure), so a checked model keeps it.
 *
 * @param input  how tokens come in; null for numeric features
 * @param steps  the layers between input and output, in order
 * @param depth  transformer blocks in the stack (their residual projections' initialisation scales with it)
 */
record LayerPlan(Input input, List<Step> steps, LayerSpec.OutputSpec output, SourceSpan outputSpan, int depth) {

    /** One planned layer: its name in the model, its summary text, its spec and its line. */
    record Step(String name, String kind, LayerSpec spec, SourceSpan span) {
    }

    /**
     * The input layer: {@code embed} ({@code dim} wide, {@code frozen} with {@code freeze}) or {@code onehot}
     * (as wide as the vocabulary); {@code line} is null for the implicit one-hot.
     */
    record Input(String kind, ModelItem.LayerDecl line, int dim, boolean frozen) {

        boolean embed() {
            return kind.equals("embed");
        }
    }

    static LayerPlan of(Statement.ModelDef def, DataShape data) {
        List<ModelItem.LayerDecl> layers = new ArrayList<>();
        ModelCompiler.flatten(def.body(), layers);
        if (layers.isEmpty()) {
            throw ModelCompiler.error(def.span(), "model '" + def.name().name() + "' has no layers", null);
        }
        Input input = input(layers.get(0), data);
        int depth = (int) layers.stream().filter(l -> l.kind().equalsIgnoreCase("transformer")).count();
        Map<String, Integer> counts = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        LayerSpec.OutputSpec output = null;
        SourceSpan outputSpan = null;
        boolean pooled = false;
        for (int i = input != null && input.line() != null ? 1 : 0; i < layers.size(); i++) {
            ModelItem.LayerDecl l = layers.get(i);
            String kind = l.kind().toLowerCase(Locale.ROOT);
            if (kind.equals("output")) {
                output = outputSpec(l, data);
                outputSpan = l.span();
                continue;
            }
            if (kind.equals("pool")) {
                if (!data.manyToOne()) {
                    throw ModelCompiler.error(l.span(), "'pool' makes one answer per sequence, but " + data.dataName()
                            + " asks for one per step (" + data.kind().words() + ")", "remove the pool line");
                }
                pooled = true;
            }
            LayerSpec spec = ModelCompiler.spec(l, kind, depth);
            steps.add(new Step(nameFor(kind, counts), describe(l), spec, l.span()));
            if (spec instanceof LayerSpec.RecurrentSpec && l.args().checkedNumber("dropout") > 0) {
                // The language's dropout= on a recurrent layer drops its output (PyTorch's also drops between stacked layers).
                double drop = l.args().checkedNumber("dropout");
                steps.add(new Step(nameFor("dropout", counts), "dropout " + drop, new LayerSpec.DropoutSpec((float) drop), l.span()));
            }
        }
        if (output == null) {
            throw ModelCompiler.error(layers.get(layers.size() - 1).span(), "model '" + def.name().name() + "' has no output layer",
                    "end it with: output " + (data.kind() == DataKind.REGRESSION ? "linear" : "softmax"));
        }
        if (data.manyToOne() && !pooled) {
            steps.add(new Step("pool", "pool last (implicit)", new LayerSpec.PoolSpec(Pool.Mode.LAST), outputSpan));
        }
        return new LayerPlan(input, List.copyOf(steps), output, outputSpan, depth);
    }

    /** The model's first line when it is the input layer; else the implicit one-hot of token data, or none. */
    private static Input input(ModelItem.LayerDecl head, DataShape data) {
        if (head.kind().equals("embed") || head.kind().equals("onehot")) {
            if (!data.tokens()) {
                throw ModelCompiler.error(head.span(), "'" + head.kind() + "' needs token data; " + data.dataName()
                        + " gives " + data.features() + " numbers per step", "remove the " + head.kind() + " line");
            }
            boolean embed = head.kind().equals("embed");
            return new Input(head.kind(), head, embed ? ModelCompiler.intArg(head, "dim") : data.vocabulary().size(),
                    head.args().has("freeze"));
        }
        return data.tokens() ? new Input("onehot", null, data.vocabulary().size(), false) : null;
    }

    private static String nameFor(String kind, Map<String, Integer> counts) {
        String base = switch (kind) {
            case "srn", "rnn" -> "rnn";
            case "pool" -> "pool";
            default -> kind;
        };
        int n = counts.merge(base, 1, Integer::sum);
        return base.equals("pool") ? "pool" : base + n;
    }

    /** The output layer's kind (and so its loss) and size, checked against what the data asks for. */
    private static LayerSpec.OutputSpec outputSpec(ModelItem.LayerDecl l, DataShape data) {
        String kind = l.args().checkedText("kind");
        LayerSpec.OutputKind k = switch (kind) {
            case "linear" -> LayerSpec.OutputKind.LINEAR;
            case "sigmoid" -> LayerSpec.OutputKind.SIGMOID;
            default -> LayerSpec.OutputKind.SOFTMAX;
        };
        int natural = data.outputSize();
        if (k == LayerSpec.OutputKind.SIGMOID && data.kind() == DataKind.CLASSIFICATION) {
            if (natural != 2) {
                throw ModelCompiler.error(l.span(), "output sigmoid answers yes/no, but " + data.dataName() + " has " + natural
                        + " classes", "use output softmax");
            }
            natural = 1;
        }
        if (k == LayerSpec.OutputKind.LINEAR && data.kind() != DataKind.REGRESSION) {
            boolean twoClasses = data.kind() == DataKind.CLASSIFICATION && natural == 2;
            throw ModelCompiler.error(l.span(), "output linear predicts numbers (regression), but " + data.dataName() + " asks for "
                    + (data.manyToOne() ? "a class" : "a token at each step") + " (" + data.kind().words() + ")",
                    "use output softmax" + (twoClasses ? " (or output sigmoid: two classes)" : ""));
        }
        if (k == LayerSpec.OutputKind.SIGMOID && !data.manyToOne()) {
            throw ModelCompiler.error(l.span(), "output sigmoid answers yes/no, but " + data.dataName() + " asks for a token at each step ("
                    + data.kind().words() + ")", "use output softmax");
        }
        if (k == LayerSpec.OutputKind.SOFTMAX && data.kind() == DataKind.REGRESSION) {
            throw ModelCompiler.error(l.span(), "output softmax picks a class, but " + data.dataName() + " asks for a number (regression)",
                    "use output linear");
        }
        int units = ModelCompiler.intArg(l, "units", natural);    // computed default: the data's size
        if (units != natural) {
            throw ModelCompiler.error(l.span(), "output has " + units + " units but " + data.dataName() + " needs " + natural
                    + " (" + data.kind().words() + ")", "leave out units= to take the data's size");
        }
        String loss = l.args().checkedText("loss");
        if (loss.equals("mse") && k == LayerSpec.OutputKind.LINEAR) {
            throw ModelCompiler.error(l.span(), "loss=mse is for output softmax or sigmoid (probabilities trained by squared error); "
                    + "output linear is always trained by MSE", "leave out loss=");
        }
        return new LayerSpec.OutputSpec(k, units, -1, loss.equals("mse"));
    }

    /** The layer as written, on one line: "lstm hidden=128 dropout=0.2". */
    private static String describe(ModelItem.LayerDecl l) {
        String args = l.args().toString();
        return args.isEmpty() ? l.kind() : l.kind() + " " + args;
    }
}
