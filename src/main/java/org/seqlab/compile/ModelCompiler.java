package org.seqlab.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.LayerSpecException;
import org.seqlab.nn.Model;
import org.seqlab.nn.OneHot;
import org.seqlab.nn.Pool;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.Srn;

/**
 * Turns a checked model definition and its data's shape into a {@link Model}: flattens {@code repeat},
 * threads each layer's output width into the next, checks the whole model fits the heap before
 * allocating, and names layers as PyTorch would (embed, lstm1, lstm2, dense1, output) so parameters
 * read {@code lstm1.weight_ih_l0}. Every problem is a {@link DiagnosticException} at the layer's span. A definition with
 * {@code encoder} and {@code decoder} parts compiles through the same entry to an encoder-decoder ({@link EncoderDecoderCompiler}).
 *
 * <p>Choices: a token model without {@code embed} or {@code onehot} gets an implicit one-hot input; a
 * many-to-one data set (classification, regression) under a model without {@code pool} gets an
 * implicit {@code pool last} before the output; {@code output} without units takes the data's size.
 */
public final class ModelCompiler {

    private ModelCompiler() {
    }

    /** A plan step: the layer spec, its summary text, the source span, and its name in the model. */
    private record Planned(String name, String kind, LayerSpec spec, SourceSpan span) {
    }

    /** Whether the definition has encoder and decoder parts: it compiles to an encoder-decoder, for seq2seq data. */
    public static boolean isEncoderDecoder(Statement.ModelDef def) {
        return EncoderDecoderCompiler.isEncoderDecoder(def);
    }

    /** The model compiled against its data, whatever its kind (a plain model, or an encoder-decoder). */
    public static CompiledModel compile(Statement.ModelDef def, DataShape data, Backend be, long seed) {
        return compile(def, data, be, seed, true);
    }

    /**
     * As {@link #compile(Statement.ModelDef, DataShape, Backend, long)}; with {@code readVectors} false an
     * {@code embed N from FILE} keeps its default initialisation (a checkpoint about to be loaded has the vectors).
     */
    public static CompiledModel compile(Statement.ModelDef def, DataShape data, Backend be, long seed, boolean readVectors) {
        if (EncoderDecoderCompiler.isEncoderDecoder(def)) return EncoderDecoderCompiler.compile(def, data, be, seed, readVectors);
        List<ModelItem.Layer> layers = new ArrayList<>();
        flatten(def.body(), layers);
        if (layers.isEmpty()) {
            throw error(def.span(), "model '" + def.name().name() + "' has no layers", null);
        }
        Map<String, Integer> counts = new HashMap<>();
        List<CompiledModel.Row> rows = new ArrayList<>();
        int width;
        String inputKind = null;
        SourceSpan inputSpan = def.span();
        int inputDim = 0;
        boolean frozen = false;
        int first = 0;
        ModelItem.Layer head = layers.get(0);
        if (head.kind().equals("embed") || head.kind().equals("onehot")) {
            if (!data.tokens()) {
                throw error(head.span(), "'" + head.kind() + "' needs token data; " + data.dataName()
                        + " gives " + data.features() + " numbers per step", "remove the " + head.kind() + " line");
            }
            inputKind = head.kind();
            inputSpan = head.span();
            inputDim = head.kind().equals("embed") ? intArg(head, "dim") : data.vocabulary().size();
            frozen = head.args().has("freeze");
            first = 1;
        } else if (data.tokens()) {
            inputKind = "onehot";
            inputDim = data.vocabulary().size();
        }
        width = inputKind != null ? inputDim : data.features();
        if (inputKind != null) {
            long p = inputKind.equals("embed") && !frozen ? (long) data.vocabulary().size() * inputDim : 0;
            String name = inputKind.equals("embed") ? "embed" : "onehot";
            rows.add(new CompiledModel.Row(name, inputKind + (first == 0 ? " (implicit)" : "") + (inputKind.equals("embed") ? " " + inputDim : "")
                    + (first == 1 && PretrainedEmbedding.file(head) != null ? " from " + PretrainedEmbedding.file(head).text() : "")
                    + (frozen ? " freeze" : ""),
                    "(T, B, " + width + ")", p));
        }

        // A transformer stack's depth scales its residual projections' initialisation (as nanoGPT's).
        int depth = (int) layers.stream().filter(l -> l.kind().equalsIgnoreCase("transformer")).count();
        List<Planned> plan = new ArrayList<>();
        LayerSpec.OutputSpec output = null;
        SourceSpan outputSpan = null;
        boolean pooled = false;
        for (int i = first; i < layers.size(); i++) {
            ModelItem.Layer l = layers.get(i);
            if (output != null) {
                throw error(l.span(), "'" + l.kind() + "' comes after the output layer", "the output layer must be last");
            }
            String kind = l.kind().toLowerCase(Locale.ROOT);
            if (kind.equals("embed") || kind.equals("onehot")) {
                throw error(l.span(), "'" + kind + "' must be the first layer", null);
            }
            if (kind.equals("attention") && l.args().value("over").isPresent()) {
                throw error(l.span(), "attention over=encoder only works inside the decoder of an encoder-decoder model", null);
            }
            if (kind.equals("output")) {
                output = outputSpec(l, data);
                outputSpan = l.span();
                continue;
            }
            if (kind.equals("pool")) {
                if (!data.manyToOne()) {
                    throw error(l.span(), "'pool' makes one answer per sequence, but " + data.dataName()
                            + " asks for one per step (" + data.kind().words() + ")", "remove the pool line");
                }
                if (pooled) {
                    throw error(l.span(), "the model already pools its sequence", null);
                }
                pooled = true;
            }
            LayerSpec spec = spec(l, kind, depth);
            plan.add(new Planned(nameFor(kind, counts), describe(l), spec, l.span()));
            if (spec instanceof LayerSpec.RecurrentSpec && l.args().checkedNumber("dropout") > 0) {
                double drop = l.args().checkedNumber("dropout");
                // The language's dropout= on a recurrent layer drops its output (PyTorch's also drops between stacked layers).
                plan.add(new Planned(nameFor("dropout", counts), "dropout " + drop, new LayerSpec.DropoutSpec((float) drop), l.span()));
            }
        }
        if (output == null) {
            throw error(layers.get(layers.size() - 1).span(), "model '" + def.name().name() + "' has no output layer",
                    "end it with: output " + (data.kind() == org.seqlab.data.DataKind.REGRESSION ? "linear" : "softmax"));
        }
        if (data.manyToOne() && !pooled) {
            plan.add(new Planned("pool", "pool last (implicit)", new LayerSpec.PoolSpec(Pool.Mode.LAST), outputSpan));
            pooled = true;
        }

        // Widths and parameter counts, all checked before anything is allocated.
        long total = rows.isEmpty() ? 0 : rows.get(0).params();
        int[] inWidths = new int[plan.size()];
        boolean perSequence = false;
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            inWidths[i] = width;
            try {
                long params = p.spec().paramCount(width);
                width = p.spec().outputWidth(width);
                total += params;
                LayerSpec.checkFits(total, "with " + p.name() + " (" + p.kind() + ") the model");
                if (p.spec() instanceof LayerSpec.PoolSpec) perSequence = true;
                rows.add(new CompiledModel.Row(p.name(), p.kind(), shape(perSequence, width), params));
            } catch (LayerSpecException e) {
                throw error(p.span(), e.getMessage(), null);
            }
        }
        int outIn = width;
        try {
            output.outputWidth(outIn);
            long params = output.paramCount(outIn);
            total += params;
            rows.add(new CompiledModel.Row("output", "output " + output.kind().name().toLowerCase(Locale.ROOT),
                    shape(perSequence, output.size()), params));
            LayerSpec.checkFits(total, "model '" + def.name().name() + "'");
        } catch (LayerSpecException e) {
            throw error(outputSpan, e.getMessage(), null);
        }

        Random rnd = new Random(seed);
        Model model = new Model(be);
        List<String> notes = new ArrayList<>();
        if ("embed".equals(inputKind)) {
            // Under transformer blocks the token table starts at N(0, 0.02) as in GPT-2 and nanoGPT (the blocks'
            // own weights are at that scale); recurrent models keep PyTorch's nn.Embedding default, N(0, 1).
            Embedding e = new Embedding(be, data.vocabulary().size(), inputDim, frozen, depth > 0 ? 0.02f : 1f, rnd);
            model.input("embed", e);
            if (readVectors && PretrainedEmbedding.file(head) != null) notes.add(PretrainedEmbedding.load(head, e, data.vocabulary()));
        }
        if ("onehot".equals(inputKind)) model.input("onehot", new OneHot(be, data.vocabulary().size()));
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            try {
                model.add(p.name(), p.spec().build(be, inWidths[i], rnd));
            } catch (LayerSpecException e) {
                throw error(p.span(), e.getMessage(), null);
            }
        }
        model.output("output", output.build(be, outIn, rnd));
        return new CompiledModel(def, data, model, rows, output.kind(), output.size(), notes);
    }

    private static String shape(boolean perSequence, int width) {
        return perSequence ? "(B, " + width + ")" : "(T, B, " + width + ")";
    }

    static void flatten(List<ModelItem> items, List<ModelItem.Layer> out) {
        for (ModelItem item : items) {
            if (item instanceof ModelItem.Layer l) {
                out.add(l);
            } else if (item instanceof ModelItem.Repeat r) {
                if (!(r.count() instanceof Value.Num n) || !n.isInteger() || n.value() < 0) {
                    throw error(r.count().span(), "repeat needs a whole number, not " + r.count().text(), null);
                }
                for (long k = 0; k < n.asLong(); k++) flatten(r.body(), out);
            } else if (item instanceof ModelItem.Part p) {
                throw error(p.span(), "an encoder-decoder model trains on seq2seq data (task reverse, task sort), not on "
                        + "this data", "train it on a seq2seq task, or define a model without encoder and decoder parts");
            }
        }
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

    /**
     * The layer's spec from its checked arguments: the checker has written every fixed default in, so each is read
     * as given. A 0 for attention's and transformer's dim and ff asks for the computed default (the input's width,
     * 4*dim), which the spec works out once the width is known.
     */
    static LayerSpec spec(ModelItem.Layer l, String kind, int depth) {
        Args a = l.args();
        return switch (kind) {
            // forget_bias is the LSTM's; activation and init the SRN's (each cell ignores the others').
            case "lstm" -> new LayerSpec.RecurrentSpec(LayerSpec.Cell.LSTM, intArg(l, "hidden"), intArg(l, "layers"),
                    a.has("bidirectional"), (float) a.checkedNumber("dropout"), (float) a.checkedNumber("forget_bias"), null, null);
            case "gru" -> new LayerSpec.RecurrentSpec(LayerSpec.Cell.GRU, intArg(l, "hidden"), intArg(l, "layers"),
                    a.has("bidirectional"), (float) a.checkedNumber("dropout"), 0, null, null);
            case "srn", "rnn" -> new LayerSpec.RecurrentSpec(LayerSpec.Cell.SRN, intArg(l, "hidden"), intArg(l, "layers"),
                    a.has("bidirectional"), (float) a.checkedNumber("dropout"), 0, Activation.parse(a.checkedText("activation")),
                    a.checkedText("init").equals("identity") ? Srn.InitKind.IDENTITY : Srn.InitKind.XAVIER);
            case "dense" -> new LayerSpec.DenseSpec(intArg(l, "units"), Activation.parse(a.checkedText("activation")), false);
            case "dropout" -> new LayerSpec.DropoutSpec((float) a.checkedNumber("p"));
            case "layernorm" -> new LayerSpec.LayerNormSpec((float) a.checkedNumber("eps"));
            case "pool" -> new LayerSpec.PoolSpec(a.checkedText("mode").equals("mean") ? Pool.Mode.MEAN : Pool.Mode.LAST);
            case "attention" -> new LayerSpec.AttentionSpec(intArg(l, "heads"), intArg(l, "dim", 0), a.has("causal"),
                    (float) a.checkedNumber("dropout"));
            case "transformer" -> new LayerSpec.TransformerSpec(intArg(l, "heads"), intArg(l, "dim", 0), intArg(l, "ff", 0),
                    a.has("causal"), (float) a.checkedNumber("dropout"), Math.max(1, depth));
            case "positional" -> new LayerSpec.PositionalSpec(a.checkedText("kind").equals("learned")
                    ? PositionalEncoding.Kind.LEARNED : PositionalEncoding.Kind.SINUSOIDAL, intArg(l, "max"));
            default -> throw error(l.kindSpan(), "unknown layer kind '" + kind + "'", null);
        };
    }

    private static LayerSpec.OutputSpec outputSpec(ModelItem.Layer l, DataShape data) {
        String kind = l.args().checkedText("kind");
        LayerSpec.OutputKind k = switch (kind) {
            case "linear" -> LayerSpec.OutputKind.LINEAR;
            case "sigmoid" -> LayerSpec.OutputKind.SIGMOID;
            default -> LayerSpec.OutputKind.SOFTMAX;
        };
        int natural = data.outputSize();
        if (k == LayerSpec.OutputKind.SIGMOID && data.kind() == org.seqlab.data.DataKind.CLASSIFICATION) {
            if (natural != 2) {
                throw error(l.span(), "output sigmoid answers yes/no, but " + data.dataName() + " has " + natural
                        + " classes", "use output softmax");
            }
            natural = 1;
        }
        if (k == LayerSpec.OutputKind.LINEAR && data.kind() != org.seqlab.data.DataKind.REGRESSION) {
            boolean twoClasses = data.kind() == org.seqlab.data.DataKind.CLASSIFICATION && natural == 2;
            throw error(l.span(), "output linear predicts numbers (regression), but " + data.dataName() + " asks for "
                    + (data.manyToOne() ? "a class" : "a token at each step") + " (" + data.kind().words() + ")",
                    "use output softmax" + (twoClasses ? " (or output sigmoid: two classes)" : ""));
        }
        if (k == LayerSpec.OutputKind.SIGMOID && !data.manyToOne()) {
            throw error(l.span(), "output sigmoid answers yes/no, but " + data.dataName() + " asks for a token at each step ("
                    + data.kind().words() + ")", "use output softmax");
        }
        if (k == LayerSpec.OutputKind.SOFTMAX && data.kind() == org.seqlab.data.DataKind.REGRESSION) {
            throw error(l.span(), "output softmax picks a class, but " + data.dataName() + " asks for a number (regression)",
                    "use output linear");
        }
        int units = intArg(l, "units", natural);    // computed default: the data's size
        if (units != natural) {
            throw error(l.span(), "output has " + units + " units but " + data.dataName() + " needs " + natural
                    + " (" + data.kind().words() + ")", "leave out units= to take the data's size");
        }
        String loss = l.args().text("loss").orElse("cross_entropy");
        if (loss.equals("mse") && k == LayerSpec.OutputKind.LINEAR) {
            throw error(l.span(), "loss=mse is for output softmax or sigmoid (probabilities trained by squared error); "
                    + "output linear is always trained by MSE", "leave out loss=");
        }
        return new LayerSpec.OutputSpec(k, units, -1, loss.equals("mse"));
    }

    /** A whole-number argument the checked layer always holds (given, or its spec's default). */
    static int intArg(ModelItem.Layer l, String name) {
        return whole(l, name, l.args().checkedNumber(name));
    }

    /** A whole-number argument, or {@code computed} (a value the compiler works out) when the layer leaves it out. */
    static int intArg(ModelItem.Layer l, String name, int computed) {
        return whole(l, name, l.args().number(name).orElse(computed));
    }

    private static int whole(ModelItem.Layer l, String name, double v) {
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw error(l.span(), name + "=" + v + " must be a whole number below 2^31", null);
        }
        return (int) v;
    }

    /** The layer as written, on one line: "lstm hidden=128 dropout=0.2". */
    private static String describe(ModelItem.Layer l) {
        String args = l.args().toString();
        return args.isEmpty() ? l.kind() : l.kind() + " " + args;
    }

    static DiagnosticException error(SourceSpan span, String message, String hint) {
        return new DiagnosticException(List.of(hint == null ? Diagnostic.error(span, message) : Diagnostic.error(span, message, hint)));
    }
}
