package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/**
 * Softmax over classes with cross-entropy; rows whose target is ignoreIndex (padding) count for nothing. With
 * {@code squaredError} ({@code output softmax loss=mse}) the loss is instead the squared distance between the
 * probabilities and the one-hot target, summed over the classes and averaged over the rows, as in the lesson that
 * sets the two losses side by side.
 */
public final class SoftmaxOutput extends Output {
    /** PyTorch's CrossEntropyLoss default. */
    public static final int DEFAULT_IGNORE = -100;
    private final int ignoreIndex;
    private final boolean squaredError;
    private Tensor probs;
    private int[] noTargets = new int[0];
    private boolean fresh;

    public SoftmaxOutput(Backend be, int in, int classes, int ignoreIndex, Random rnd) {
        this(be, in, classes, ignoreIndex, rnd, false);
    }

    public SoftmaxOutput(Backend be, int in, int classes, int ignoreIndex, Random rnd, boolean squaredError) {
        super(be, in, classes, rnd);
        this.ignoreIndex = ignoreIndex;
        this.squaredError = squaredError;
    }

    /** True when trained by the squared error of the probabilities (loss=mse). */
    public boolean squaredError() { return squaredError; }

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
        if (squaredError) return squaredError(targets, rows, counted, grad);
        double sum = be.softmaxCrossEntropy(z, targets.ids(), targets.off(), ignoreIndex, scale, probs, grad ? dLogits : null);
        fresh = true;
        return counted == 0 ? 0 : sum / counted;
    }

    /**
     * mean over counted rows of sum_k (p_k - y_k)^2; its gradient through the softmax is dz_j = p_j (g_j - sum_k g_k p_k)
     * with g = 2 (p - y) / counted. On the host: the sizes the lesson needs are small.
     */
    private double squaredError(Targets targets, int rows, int counted, boolean grad) {
        predictions();
        int v = z.cols();
        float[] p = probs.toHost(), d = grad ? new float[rows * v] : null;
        double sum = 0;
        double[] g = new double[v];
        for (int r = 0; r < rows; r++) {
            int t = targets.ids()[targets.off() + r];
            if (t == ignoreIndex) continue;
            double dot = 0;
            for (int k = 0; k < v; k++) {
                double e = p[r * v + k] - (k == t ? 1 : 0);
                sum += e * e;
                g[k] = 2 * e / counted;
                dot += g[k] * p[r * v + k];
            }
            if (d != null) for (int k = 0; k < v; k++) d[r * v + k] = (float) (p[r * v + k] * (g[k] - dot));
        }
        if (d != null) dLogits.copyFromHost(d, 0);
        return counted == 0 ? 0 : sum / counted;
    }

    @Override public void record(Trace trace, String prefix) {
        if (probs != null) trace.put(prefix + ".probs", probs);
    }
}
