package org.seqlab.compile;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.LayerSpecException;
import org.seqlab.nn.Model;
import org.seqlab.nn.OneHot;

/**
 * Compiling, step 3 of 3: allocates the parameters of a planned, shape-checked model on a backend and
 * initialises them from one {@code Random(seed)}, in a fixed order (the input, every step, the output), so
 * a seed always gives the same weights.
 */
final class ModelBuilder {

    private ModelBuilder() {
    }

    /**
     * @param readVectors false keeps an {@code embed N from FILE}'s default initialisation (a checkpoint about
     *                    to be loaded holds the vectors)
     * @param named       the session's word vectors by name, for {@code embed N from NAME}
     * @param notes       receives what reading pretrained vectors has to say
     */
    static Model build(LayerPlan plan, Shapes shapes, DataShape data, Backend be, long seed, boolean readVectors,
                       java.util.function.Function<String, PretrainedEmbedding.Words> named, List<String> notes) {
        Random rnd = new Random(seed);
        Model model = new Model(be);
        LayerPlan.Input in = plan.input();
        if (in != null && in.embed()) {
            // (V, dim). Under transformer blocks the table starts at N(0, 0.02) as in GPT-2 and nanoGPT (the blocks'
            // own weights are at that scale); recurrent models keep PyTorch's nn.Embedding default, N(0, 1).
            Embedding e = new Embedding(be, data.vocabulary().size(), in.dim(), in.frozen(), plan.depth() > 0 ? 0.02f : 1f, rnd);
            model.input("embed", e);
            if (readVectors && PretrainedEmbedding.file(in.line()) != null) {
                notes.add(PretrainedEmbedding.load(in.line(), e, data.vocabulary()));
            }
            if (readVectors && in.line() != null && PretrainedEmbedding.named(in.line()) != null) {
                notes.add(PretrainedEmbedding.copy(in.line(), e, data.vocabulary(), named.apply(PretrainedEmbedding.named(in.line()).name())));
            }
        } else if (in != null) {
            model.input("onehot", new OneHot(be, data.vocabulary().size()));    // token id -> (V) one-hot row
        }
        for (int i = 0; i < plan.steps().size(); i++) {
            LayerPlan.Step s = plan.steps().get(i);
            try {
                model.add(s.name(), s.spec().build(be, shapes.inWidths()[i], rnd));
            } catch (LayerSpecException e) {
                throw ModelCompiler.error(s.span(), e.getMessage(), null);
            }
        }
        model.output("output", plan.output().build(be, shapes.outputIn(), rnd));
        return model;
    }
}
