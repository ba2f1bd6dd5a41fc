package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Independent binary outputs: probabilities σ(logits), loss the mean binary cross-entropy (from logits, stable). */
public final class SigmoidOutput extends Output {
    private Tensor probs;

    public SigmoidOutput(Backend be, int in, int outputs, Random rnd) {
        super(be, in, outputs, rnd);
    }

    @Override protected void allocate(Tensor logits) { probs = be.alloc(logits.shape()); }

    @Override public Tensor forward(Tensor x, boolean training) {
        Tensor logits = super.forward(x, training);
        be.activation(org.seqlab.backend.Activation.SIGMOID, logits, probs);
        return logits;
    }

    @Override public Tensor predictions() { return probs; }

    @Override public void record(Trace trace, String prefix) {
        super.record(trace, prefix);
        if (probs != null) trace.put(prefix + ".probs", probs);
    }

    @Override public double loss(Targets targets, boolean grad) {
        int n = z.size();
        return be.bceWithLogits(z, targets.values(), 1f / n, probs, grad ? dLogits : null) / n;
    }
}
