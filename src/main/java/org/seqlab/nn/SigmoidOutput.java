package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/**
 * Independent binary outputs: probabilities σ(logits), loss the mean binary cross-entropy (from logits, stable), or
 * with {@code squaredError} ({@code output sigmoid loss=mse}) the mean squared error of the probabilities, whose
 * gradient carries the factor p(1-p) and so fades where the output is confidently wrong.
 */
public final class SigmoidOutput extends Output {
    private final boolean squaredError;
    private Tensor probs;

    public SigmoidOutput(Backend be, int in, int outputs, Random rnd) {
        this(be, in, outputs, rnd, false);
    }

    public SigmoidOutput(Backend be, int in, int outputs, Random rnd, boolean squaredError) {
        super(be, in, outputs, rnd);
        this.squaredError = squaredError;
    }

    /** True when trained by the squared error of the probabilities (loss=mse). */
    public boolean squaredError() { return squaredError; }

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
        if (squaredError) {
            // mean (p - y)^2, and d/dz = 2 (p - y) p (1 - p) / n; small (one value per sequence), so on the host
            float[] p = probs.toHost(), y = targets.values().toHost(), d = grad ? new float[n] : null;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double e = p[i] - y[i];
                sum += e * e;
                if (d != null) d[i] = (float) (2 * e * p[i] * (1 - p[i]) / n);
            }
            if (d != null) dLogits.copyFromHost(d, 0);
            return sum / n;
        }
        return be.bceWithLogits(z, targets.values(), 1f / n, probs, grad ? dLogits : null) / n;
    }
}
