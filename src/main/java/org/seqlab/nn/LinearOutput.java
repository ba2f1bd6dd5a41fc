package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Regression output: predictions are the logits, loss the mean squared error over all elements. */
public final class LinearOutput extends Output {
    public LinearOutput(Backend be, int in, int outputs, Random rnd) {
        super(be, in, outputs, rnd);
    }

    @Override protected void allocate(Tensor logits) {}

    @Override public Tensor predictions() { return z; }

    @Override public double loss(Targets targets, boolean grad) {
        int n = z.size();
        return be.mse(z, targets.values(), 1f / n, grad ? dLogits : null) / n;
    }
}
