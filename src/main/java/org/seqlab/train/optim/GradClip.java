package org.seqlab.train.optim;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Param;

/** Gradient clipping as torch.nn.utils.clip_grad_norm_ (global L2 norm) and clip_grad_value_. */
public final class GradClip {
    private GradClip() {}

    /** The global L2 norm of all gradients. */
    public static double norm(Backend be, List<Param> params) {
        double s = 0;
        for (Param p : params) s += be.sumSquares(p.grad());
        return Math.sqrt(s);
    }

    /** Scales all gradients by min(1, maxNorm / (norm + 1e-6)); returns the norm before clipping. */
    public static double byNorm(Backend be, List<Param> params, double maxNorm) {
        double total = norm(be, params);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) for (Param p : params) be.scale(p.grad(), (float) coef);
        return total;
    }

    /** Clamps every gradient element to [-limit, limit]. */
    public static void byValue(Backend be, List<Param> params, float limit) {
        for (Param p : params) be.clamp(p.grad(), -limit, limit);
    }
}
