package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.LayerSpecException;

/**
 * The order of a model's layers, which needs no data and so is checked before anything runs (and a REPL
 * {@code model} statement that breaks it is refused when it is defined): the input ({@code embed} or
 * {@code onehot}) comes first, nothing comes after the {@code output} layer, a sequence is pooled at most
 * once, and the widths the model fixes itself fit its layers (attention heads dividing the width under an
 * {@code embed N}). In an encoder-decoder model each part keeps the same order; the decoder's output is softmax, the
 * encoder has none and neither part pools. Each error stands at the layer's line; the checks the data
 * decides (pool on per-step data, output linear on tokens) stay with the compiler, and so does a model
 * without any output layer (a definition that is not trained yet may leave it out).
 */
final class ModelStructure {

    private final Report r;

    private ModelStructure(Report r) {
        this.r = r;
    }

    /** Checks a model whose body has no template parameters left. */
    static void check(Statement.ModelDef m, Report r) {
        ModelStructure s = new ModelStructure(r);
        boolean parts = m.body().stream().anyMatch(i -> i instanceof ModelItem.Part);
        if (!parts) {
            List<ModelItem.LayerDecl> layers = order(m.body());
            int errors = r.count();
            s.sequence(layers, "model '" + m.name().name() + "'", false, null);
            if (r.count() == errors) {
                s.widths(layers);
            }
            return;
        }
        for (ModelItem item : m.body()) {
            if (item instanceof ModelItem.Part p) {
                s.sequence(order(p.body()), "the " + p.side().word(), true, p.side());
            }
        }
    }

    /**
     * The layers in the order they run, enough of them to see every order the model makes: a repeat that runs
     * more than once lists its body a second time (its first layer then follows its last: an output inside
     * {@code repeat 2} is followed by a layer), the repeats inside that second copy once only, so nested
     * repeats add up instead of multiplying. At most {@link ModelSize#MAX_LAYERS} layers (bigger models are
     * refused by their size).
     */
    private static List<ModelItem.LayerDecl> order(List<ModelItem> items) {
        List<ModelItem.LayerDecl> out = new ArrayList<>();
        order(items, true, out);
        return out;
    }

    private static void order(List<ModelItem> items, boolean twice, List<ModelItem.LayerDecl> out) {
        for (ModelItem item : items) {
            if (out.size() >= ModelSize.MAX_LAYERS) {
                return;
            }
            if (item instanceof ModelItem.LayerDecl l) {
                out.add(l);
            } else if (item instanceof ModelItem.Repeat rep && !(rep.count() instanceof Value.Num n && n.value() < 1)) {
                order(rep.body(), twice, out);
                if (twice && rep.count() instanceof Value.Num n && n.value() >= 2) {
                    order(rep.body(), false, out);
                }
            }
        }
    }

    /** One stack of layers: a plain model's body, or one part of an encoder-decoder model (side non-null). */
    private void sequence(List<ModelItem.LayerDecl> layers, String what, boolean inPart, ModelItem.Side side) {
        if (layers.isEmpty()) {
            return;    // an empty model or part is reported where its body is checked
        }
        ModelItem.LayerDecl output = null;
        ModelItem.LayerDecl pooled = null;
        for (int i = 0; i < layers.size(); i++) {
            ModelItem.LayerDecl l = layers.get(i);
            String kind = l.kind().toLowerCase(Locale.ROOT);
            if (output != null) {
                r.error(l.span(), "'" + kind + "' comes after the output layer", "the output layer must be last"
                        + (output.span().line() != l.span().line() ? " (line " + output.span().line() + ")" : ""));
                return;
            }
            if ((kind.equals("embed") || kind.equals("onehot")) && i > 0) {
                r.error(l.span(), "'" + kind + "' must be the first layer", "move it to the top of " + what);
            } else if (kind.equals("pool") && inPart) {
                r.error(l.span(), "'pool' has no place in an encoder-decoder model", "remove the pool line");
            } else if (kind.equals("pool") && pooled != null) {
                r.error(l.span(), "the model already pools its sequence"
                        + (pooled.span().line() != l.span().line() ? " (line " + pooled.span().line() + ")" : ""),
                        "remove one of the pool lines");
            } else if (kind.equals("pool")) {
                pooled = l;
            } else if (kind.equals("output")) {
                output = l;
                if (side == ModelItem.Side.ENCODER) {
                    r.error(l.span(), "the encoder has no output layer; the decoder answers", "move 'output' to the decoder");
                } else if (side == ModelItem.Side.DECODER && !l.args().checkedText("kind").equals("softmax")) {
                    r.error(l.span(), "a decoder's output is softmax over the target tokens", "use output softmax");
                } else if (side == ModelItem.Side.DECODER && l.args().checkedText("loss").equals("mse")) {
                    r.error(l.span(), "a decoder's output trains by cross-entropy; loss=mse is for a plain model's output",
                            "remove loss=mse");
                }
            }
        }
    }

    /**
     * The widths a plain model fixes itself, known without data: from an {@code embed N} on, and after a
     * recurrent or dense layer (whatever comes in, they give their own width). Where a width is known, each
     * layer's spec checks it (attention heads dividing the width, a transformer's dim matching its input),
     * with the compiler's own words; where it depends on the data (a one-hot or numeric input) the compiler
     * checks it when the data is known.
     */
    private void widths(List<ModelItem.LayerDecl> layers) {
        int depth = (int) layers.stream().filter(l -> l.kind().equalsIgnoreCase("transformer")).count();
        int width = 0;    // 0: the data's to say
        for (ModelItem.LayerDecl l : layers) {
            String kind = l.kind().toLowerCase(Locale.ROOT);
            if (kind.equals("output")) {
                return;
            }
            if (kind.equals("embed") || kind.equals("onehot")) {
                width = kind.equals("embed") ? (int) l.args().checkedNumber("dim") : 0;
                continue;
            }
            try {
                LayerSpec spec = ModelCompiler.spec(l, kind, depth);
                if (width > 0) {
                    width = spec.outputWidth(width);
                } else if (spec instanceof LayerSpec.RecurrentSpec || spec instanceof LayerSpec.DenseSpec) {
                    width = spec.outputWidth(1);
                } else if (spec instanceof LayerSpec.AttentionSpec a && a.dim() > 0) {
                    width = spec.outputWidth(a.dim());
                }
            } catch (LayerSpecException e) {
                r.error(l.span(), e.getMessage());
                return;
            }
        }
    }
}
