package org.seqlab.train.optim;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Tensor;

/** torch.optim.SGD: momentum (buffer starts as the first gradient), dampening, nesterov, weight decay. */
public final class Sgd extends Optimizer {
    private final float momentum, dampening, weightDecay;
    private final boolean nesterov;
    private final Tensor[] buffers;

    public Sgd(Backend be, List<Param> params, float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        super(be, params, lr);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov momentum needs momentum > 0 and dampening = 0");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        buffers = new Tensor[params.size()];
        if (momentum != 0) for (int i = 0; i < buffers.length; i++) buffers[i] = stateFor(params.get(i), "momentum_buffer");
    }

    /** Plain SGD with PyTorch's defaults for the rest (no momentum, no decay). */
    public Sgd(Backend be, List<Param> params, float lr) { this(be, params, lr, 0, 0, 0, false); }

    @Override protected void update(int i, Param p) {
        be.sgdStep(p.value(), p.grad(), buffers[i], lr, momentum, dampening, decayOf(i, weightDecay), nesterov, steps == 1);
    }
}
