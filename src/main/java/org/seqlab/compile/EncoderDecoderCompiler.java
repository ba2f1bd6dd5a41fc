package org.seqlab.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.data.DataKind;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.CrossAttention;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.LayerSpecException;
import org.seqlab.nn.Model;
import org.seqlab.nn.OneHot;

/**
 * {@link ModelCompiler}'s build of a model with parts: turns {@code encoder { ... } decoder { ... }} into an {@link EncoderDecoder} over one vocabulary shared by source
 * and target (the seq2seq tasks' choice). The encoder is token input and layers, no output; the decoder is token
 * input, layers, and {@code output softmax} over the vocabulary; {@code attention over=encoder kind=additive|dot}
 * in the decoder attends over the encoder's last layer output (its width filled in here). Without embed or
 * onehot a part reads one-hot tokens. Names as {@link ModelCompiler}: "encoder.gru1.weight_ih_l0".
 */
final class EncoderDecoderCompiler {

    private EncoderDecoderCompiler() {
    }

    /** Whether the definition has encoder and decoder parts (and so compiles here). */
    static boolean isEncoderDecoder(Statement.ModelDef def) {
        return def.body().stream().anyMatch(i -> i instanceof ModelItem.Part);
    }

    /**
     * The compiled pair, one summary row per layer (encoder rows first), a softmax over the vocabulary; with
     * {@code readVectors} false an {@code embed N from FILE} keeps its default initialisation (a checkpoint has them).
     */
    static CompiledModel compile(Statement.ModelDef def, DataShape data, Backend be, long seed, boolean readVectors) {
        ModelItem.Part enc = null, dec = null;
        for (ModelItem i : def.body()) {
            if (i instanceof ModelItem.Part p) {
                if (data.kind() != DataKind.SEQ2SEQ) {
                    throw ModelCompiler.error(p.span(), "an encoder-decoder model trains on seq2seq data (task reverse, task sort), "
                            + "not on this data", "train it on a seq2seq task, or define a model without encoder and decoder parts");
                }
                if (p.side() == ModelItem.Side.ENCODER) enc = p;
                else dec = p;
            }
        }
        if (enc == null || dec == null) {
            throw ModelCompiler.error(def.span(), "an encoder-decoder model needs both an 'encoder' and a 'decoder' part", null);
        }
        if (!data.tokens()) throw ModelCompiler.error(def.span(), "an encoder-decoder model needs token data", null);
        Random rnd = new Random(seed);
        List<CompiledModel.Row> rows = new ArrayList<>();
        Model encoder = new Model(be), decoder = new Model(be);
        int encWidth = part(enc, encoder, data, be, rnd, rows, 0, readVectors);
        part(dec, decoder, data, be, rnd, rows, encWidth, readVectors);
        if (decoder.outputLayer() == null) {
            throw ModelCompiler.error(dec.span(), "the decoder has no output layer", "end it with: output softmax");
        }
        return new CompiledModel(def, data, new EncoderDecoder(encoder, decoder), rows, LayerSpec.OutputKind.SOFTMAX,
                data.outputSize(), List.of());
    }

    /** Builds one part into m; returns its output width. encWidth > 0 marks the decoder. */
    private static int part(ModelItem.Part part, Model m, DataShape data, Backend be, Random rnd,
                            List<CompiledModel.Row> rows, int encWidth, boolean readVectors) {
        String side = part.side().word();
        List<ModelItem.LayerDecl> layers = new ArrayList<>();
        ModelCompiler.flatten(part.body(), layers);
        if (layers.isEmpty()) throw ModelCompiler.error(part.span(), "the " + side + " has no layers", null);
        int vocab = data.vocabulary().size(), first = 0, width;
        ModelItem.LayerDecl head = layers.get(0);
        if (head.kind().equals("embed")) {
            width = ModelCompiler.intArg(head, "dim", 0);
            Embedding e = new Embedding(be, vocab, width, head.args().has("freeze"), rnd);
            m.input("embed", e);
            if (readVectors && PretrainedEmbedding.file(head) != null) PretrainedEmbedding.load(head, e, data.vocabulary());
            rows.add(new CompiledModel.Row(side + ".embed", "embed " + width, "(T, B, " + width + ")", (long) vocab * width));
            first = 1;
        } else {
            width = vocab;
            m.input("onehot", new OneHot(be, vocab));
            rows.add(new CompiledModel.Row(side + ".onehot", "onehot" + (head.kind().equals("onehot") ? "" : " (implicit)"),
                    "(T, B, " + width + ")", 0));
            if (head.kind().equals("onehot")) first = 1;
        }
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        int depth = (int) layers.stream().filter(l -> l.kind().equalsIgnoreCase("transformer")).count();
        for (int i = first; i < layers.size(); i++) {
            ModelItem.LayerDecl l = layers.get(i);
            String kind = l.kind().toLowerCase(Locale.ROOT);
            SourceSpan at = l.span();
            if (m.outputLayer() != null) throw ModelCompiler.error(at, "'" + kind + "' comes after the output layer", null);
            if (kind.equals("embed") || kind.equals("onehot")) throw ModelCompiler.error(at, "'" + kind + "' must be the first layer", null);
            if (kind.equals("pool")) throw ModelCompiler.error(at, "'pool' has no place in an encoder-decoder model", null);
            try {
                if (kind.equals("output")) {
                    if (encWidth == 0) throw ModelCompiler.error(at, "the encoder has no output layer; the decoder's answers", "move 'output' to the decoder");
                    if (!l.args().checkedText("kind").equals("softmax")) {
                        throw ModelCompiler.error(at, "a decoder's output is softmax over the target tokens", "use output softmax");
                    }
                    LayerSpec.OutputSpec o = new LayerSpec.OutputSpec(LayerSpec.OutputKind.SOFTMAX, data.outputSize(), -1);
                    m.output("output", o.build(be, width, rnd));
                    rows.add(new CompiledModel.Row(side + ".output", "output softmax", "(T, B, " + o.size() + ")", o.paramCount(width)));
                    continue;
                }
                LayerSpec spec;
                if (kind.equals("attention") && l.args().value("over").isPresent()) {
                    if (encWidth == 0) throw ModelCompiler.error(at, "attention over=encoder only works inside the decoder", null);
                    CrossAttention.Kind k = l.args().checkedText("kind").equals("additive") ? CrossAttention.Kind.ADDITIVE : CrossAttention.Kind.DOT;
                    spec = new LayerSpec.EncoderAttentionSpec(k, encWidth, ModelCompiler.intArg(l, "dim", 0));
                } else {
                    spec = ModelCompiler.spec(l, kind, depth);
                }
                String name = kind + counts.merge(kind, 1, Integer::sum);
                long params = spec.paramCount(width);
                int out = spec.outputWidth(width);
                m.add(name, spec.build(be, width, rnd));
                rows.add(new CompiledModel.Row(side + "." + name, describe(l), "(T, B, " + out + ")", params));
                width = out;
            } catch (LayerSpecException e) {
                throw ModelCompiler.error(at, e.getMessage(), null);
            }
        }
        return width;
    }

    private static String describe(ModelItem.LayerDecl l) {
        String args = l.args().toString();
        return args.isEmpty() ? l.kind() : l.kind() + " " + args;
    }
}
