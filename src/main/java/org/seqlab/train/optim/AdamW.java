package org.seqlab.train.optim;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Param;

/** torch.optim.AdamW: Adam with decoupled weight decay (default 1e-2). */
public final class AdamW extends Adam {
    public AdamW(Backend be, List<Param> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(be, params, lr, beta1, beta2, eps, weightDecay, true);
    }

    public AdamW(Backend be, List<Param> params, float lr) { this(be, params, lr, 0.9f, 0.999f, 1e-8f, 1e-2f); }
}
