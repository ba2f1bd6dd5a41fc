package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Softmax over classes with cross-entropy; rows whose target is ignoreIndex (padding) count for nothing. */
public final class SoftmaxOutput extends Output {
    /** PyTorch's CrossEntropyLoss default. */
    public static final int DEFAULT_IGNORE = -100;
    private final int ignoreIndex;
    private Tensor probs;
    private int[] noTargets = new int[0];
    private boolean fresh;

    public SoftmaxOutput(Backend be, int in, int classes, int ignoreIndex, Random rnd) {
        super(be, in, classes, rnd);
        this.ignoreIndex = ignoreIndex;
    }

    /** The target id that counts for nothing in the loss. */
    public int ignoreIndex() { return ignoreIndex; }

    @Override protected void allocate(Tensor logits) { probs = be.alloc(logits.shape()); }

    @Override public Tensor forward(Tensor x, boolean training) {
        fresh = false;
        return super.forward(x, training);
    }

    /** Softmax of the last forward (computed by loss, or here when no loss was asked). */
    @Override public Tensor predictions() {
        if (!fresh) {
            if (noTargets.length < z.rows()) {
                noTargets = new int[z.rows()];
                java.util.Arrays.fill(noTargets, ignoreIndex);
            }
            be.softmaxCrossEntropy(z, noTargets, 0, ignoreIndex, 0f, probs, null);
            fresh = true;
        }
        return probs;
    }

    @Override public double loss(Targets targets, boolean grad) {
        int rows = z.rows(), counted = 0;
        for (int r = 0; r < rows; r++) if (targets.ids()[targets.off() + r] != ignoreIndex) counted++;
        float scale = counted == 0 ? 0f : 1f / counted;
        double sum = be.softmaxCrossEntropy(z, targets.ids(), targets.off(), ignoreIndex, scale, probs, grad ? dLogits : null);
        fresh = true;
        return counted == 0 ? 0 : sum / counted;
    }

    @Override public void record(Trace trace, String prefix) {
        if (probs != null) trace.put(prefix + ".probs", probs);
    }
}
