package org.seqlab.train.optim;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Tensor;

/**
 * torch.optim.Adam (decoupled = false: weight decay added to the gradient; defaults lr 1e-3, betas 0.9/0.999,
 * eps 1e-8, decay 0) and torch.optim.AdamW (decoupled = true: p *= 1 - lr*wd first; default decay 1e-2).
 */
public class Adam extends Optimizer {
    private final float beta1, beta2, eps, weightDecay;
    private final boolean decoupled;
    private final Tensor[] m, v;

    public Adam(Backend be, List<Param> params, float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
        super(be, params, lr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        m = new Tensor[params.size()];
        v = new Tensor[params.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = stateFor(params.get(i), "exp_avg");
            v[i] = stateFor(params.get(i), "exp_avg_sq");
        }
    }

    /** Adam with PyTorch's defaults but the given learning rate. */
    public Adam(Backend be, List<Param> params, float lr) { this(be, params, lr, 0.9f, 0.999f, 1e-8f, 0f, false); }

    @Override protected void update(int i, Param p) {
        be.adamStep(p.value(), p.grad(), m[i], v[i], lr, beta1, beta2, eps, decayOf(i, weightDecay), decoupled, steps);
    }
}
