package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/**
 * An output: a linear projection to logits (parameters weight, bias) followed by the loss the output kind
 * implies. forward returns predictions; {@link #loss} scores them (mean over counted rows or elements,
 * as PyTorch's reduction='mean') and keeps d(loss)/d(logits) for {@link #backward}, whose argument is ignored.
 */
public abstract class Output extends Dense {
    protected Tensor dLogits;

    protected Output(Backend be, int in, int out, Random rnd) {
        super(be, in, out, Activation.NONE, false, rnd);
    }

    /** Logits (T, B, out) of the last forward. */
    public Tensor logits() { return z; }

    /** Predictions of the last forward: probabilities for softmax and sigmoid, values for linear. */
    public abstract Tensor predictions();

    /** Mean loss of the last forward's predictions; with grad, keeps the gradient for backward. */
    public abstract double loss(Targets targets, boolean grad);

    @Override public Tensor forward(Tensor x, boolean training) {
        Tensor logits = super.forward(x, training);
        if (dLogits == null || !dLogits.shape().equals(logits.shape())) {
            dLogits = be.alloc(logits.shape());
            allocate(logits);
        }
        return logits;
    }

    protected abstract void allocate(Tensor logits);

    @Override public Tensor backward(Tensor ignored) { return backwardFromPreActivation(dLogits); }
}
