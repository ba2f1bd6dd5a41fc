package org.seqlab.compile;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;
import org.seqlab.nn.NextSentence;
import org.seqlab.nn.Pool;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.Srn;

/**
 * Turns a checked model definition and its data's shape into a {@link Model}, in three steps: {@link LayerPlan}
 * (which layers, in what order, from the AST and the data's kind), {@link Shapes} (every width and parameter
 * count for the data's vocabulary or feature width, checked against the heap before anything is allocated) and
 * {@link ModelBuilder} (parameters allocated and initialised from the seed). Layers are named as PyTorch would
 * (embed, lstm1, lstm2, dense1, output) so parameters read {@code lstm1.weight_ih_l0}. Every problem is a
 * {@link DiagnosticException} at the layer's span; what needs no data (the order of the layers) the checker has
 * refused already. A definition with {@code encoder} and {@code decoder} parts compiles through the same entry
 * to an encoder-decoder ({@link EncoderDecoderCompiler}).
 *
 * <p>Choices: a token model without {@code embed} or {@code onehot} gets an implicit one-hot input; a
 * many-to-one data set (classification, regression) under a model without {@code pool} gets an
 * implicit {@code pool last} before the output; {@code output} without units takes the data's size.
 */
public final class ModelCompiler {

    private ModelCompiler() {
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
     * Data-parallel training's replicas of a plain model (see train.DataParallel): the same definition compiled on a
     * shard's backend. Pretrained vectors are not read again: their tables, frozen or trained, are copied in from the
     * model.
     */
    public static java.util.function.Function<Backend, Model> replicas(Statement.ModelDef def, DataShape data, long seed) {
        return be -> compile(def, data, be, seed, false).model();
    }

    /**
     * As {@link #compile(Statement.ModelDef, DataShape, Backend, long)}; with {@code readVectors} false an
     * {@code embed N from FILE} keeps its default initialisation (a checkpoint about to be loaded has the vectors).
     */
    public static CompiledModel compile(Statement.ModelDef def, DataShape data, Backend be, long seed, boolean readVectors) {
        return compile(def, data, be, seed, readVectors, name -> null);
    }

    /**
     * As {@link #compile(Statement.ModelDef, DataShape, Backend, long, boolean)}; {@code named} gives the word vectors
     * of the session by name, for {@code embed N from NAME} (null for a name it does not know). Data with sentence
     * pairs (objective=masked+next_sentence) give the model segment embeddings and a next-sentence head.
     */
    public static CompiledModel compile(Statement.ModelDef def, DataShape data, Backend be, long seed, boolean readVectors,
                                        java.util.function.Function<String, PretrainedEmbedding.Words> named) {
        if (EncoderDecoderCompiler.isEncoderDecoder(def)) return EncoderDecoderCompiler.compile(def, data, be, seed, readVectors);
        LayerPlan plan = LayerPlan.of(def, data);
        Shapes shapes = Shapes.infer(plan, data, def.name().name());
        List<String> notes = new ArrayList<>();
        Model model = ModelBuilder.build(plan, shapes, data, be, seed, readVectors, named, notes);
        List<CompiledModel.Row> rows = new ArrayList<>(shapes.rows());
        if (data.sentencePairs()) {
            boolean pooled = plan.steps().stream().anyMatch(st -> st.spec() instanceof org.seqlab.nn.LayerSpec.PoolSpec);
            if (pooled || plan.input() == null || !plan.input().embed()) {
                throw error(pooled ? plan.outputSpan() : def.span(), "objective=masked+next_sentence needs a token embedding and an "
                        + "output at every step (the next-sentence head reads the [CLS] position)", "start the model with embed N, and leave out pool");
            }
            int embed = plan.input().dim(), hidden = shapes.outputIn();
            model.nextSentence(new NextSentence(be, embed, plan.depth() > 0 ? 0.02f : 1f, hidden, new java.util.Random(seed ^ 0x4E5350L)));
            rows.add(new CompiledModel.Row("nsp", "segments 2 x " + embed + ", next-sentence dense " + hidden + " -> 2", "(B, 2)",
                    2L * embed + 2L * hidden + 2));
        }
        return new CompiledModel(def, data, model, rows, plan.output().kind(), plan.output().size(), notes);
    }

    static void flatten(List<ModelItem> items, List<ModelItem.LayerDecl> out) {
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
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

    /**
     * The layer's spec from its checked arguments: the checker has written every fixed default in, so each is read
     * as given. A 0 for attention's and transformer's dim and ff asks for the computed default (the input's width,
     * 4*dim), which the spec works out once the width is known.
     */
    public static LayerSpec spec(ModelItem.LayerDecl l, String kind, int depth) {
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

    /** A whole-number argument the checked layer always holds (given, or its spec's default). */
    static int intArg(ModelItem.LayerDecl l, String name) {
        return whole(l, name, l.args().checkedNumber(name));
    }

    /** A whole-number argument, or {@code computed} (a value the compiler works out) when the layer leaves it out. */
    static int intArg(ModelItem.LayerDecl l, String name, int computed) {
        return whole(l, name, l.args().number(name).orElse(computed));
    }

    private static int whole(ModelItem.LayerDecl l, String name, double v) {
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw error(l.span(), name + "=" + v + " must be a whole number below 2^31", null);
        }
        return (int) v;
    }

    static DiagnosticException error(SourceSpan span, String message, String hint) {
        return new DiagnosticException(List.of(hint == null ? Diagnostic.error(span, message) : Diagnostic.error(span, message, hint)));
    }
}
