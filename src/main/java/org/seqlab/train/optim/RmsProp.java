package org.seqlab.train.optim;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Tensor;

/** torch.optim.RMSprop, not centered: defaults lr 1e-2, alpha 0.99, eps 1e-8, no decay, no momentum. */
public final class RmsProp extends Optimizer {
    private final float alpha, eps, weightDecay, momentum;
    private final Tensor[] sq, buf;

    public RmsProp(Backend be, List<Param> params, float lr, float alpha, float eps, float weightDecay, float momentum) {
        super(be, params, lr);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        sq = new Tensor[params.size()];
        buf = new Tensor[params.size()];
        for (int i = 0; i < sq.length; i++) {
            sq[i] = stateFor(params.get(i), "square_avg");
            if (momentum > 0) buf[i] = stateFor(params.get(i), "momentum_buffer");
        }
    }

    public RmsProp(Backend be, List<Param> params, float lr) { this(be, params, lr, 0.99f, 1e-8f, 0f, 0f); }

    @Override protected void update(int i, Param p) {
        be.rmspropStep(p.value(), p.grad(), sq[i], buf[i], lr, alpha, eps, decayOf(i, weightDecay), momentum);
    }
}
