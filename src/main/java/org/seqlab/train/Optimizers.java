package org.seqlab.train;

import java.util.Locale;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.AdamW;
import org.seqlab.train.optim.Optimizer;
import org.seqlab.train.optim.RmsProp;
import org.seqlab.train.optim.Sgd;

/** Builds the optimizer a {@link TrainConfig} names, and says whether an existing one can be kept. */
public final class Optimizers {

    private Optimizers() {
    }

    /** The hyperparameters that make an optimizer (the rate changes per step and is not part of it). */
    public static String key(TrainConfig c) {
        return String.format(Locale.ROOT, "%s momentum=%s nesterov=%s weight_decay=%s betas=%s,%s", c.optimizer(),
                c.momentum(), c.nesterov(), weightDecay(c), c.beta1(), c.beta2());
    }

    public static float weightDecay(TrainConfig c) {
        if (!Float.isNaN(c.weightDecay())) return c.weightDecay();
        return c.optimizer().equals("adamw") ? 1e-2f : 0f;
    }

    public static Optimizer create(Model m, TrainConfig c) {
        return create(m.backend(), m.params(), c);
    }

    /**
     * The configured optimizer over any parameter list (an encoder-decoder's, for one). Weight decay, as in
     * nanoGPT, applies only to parameters of rank 2 or more (weight matrices, embedding tables), never to
     * biases, LayerNorm gains and offsets or other vectors.
     */
    public static Optimizer create(org.seqlab.backend.Backend be, java.util.List<Param> params, TrainConfig c) {
        float wd = weightDecay(c);
        Optimizer o = switch (c.optimizer()) {
            case "sgd" -> new Sgd(be, params, c.lr(), c.momentum(), 0f, wd, c.nesterov());
            case "adamw" -> new AdamW(be, params, c.lr(), c.beta1(), c.beta2(), 1e-8f, wd);
            case "rmsprop" -> new RmsProp(be, params, c.lr(), 0.99f, 1e-8f, wd, c.momentum());
            default -> new Adam(be, params, c.lr(), c.beta1(), c.beta2(), 1e-8f, wd, false);
        };
        return o.decayOnly(Optimizers::decays);
    }

    /** Whether weight decay applies to {@code p}: matrices and tables yes, vectors (biases, norms' gains) no. */
    public static boolean decays(Param p) {
        return p.value().shape().rank() >= 2;
    }
}
