package org.seqlab.nn;

import java.util.Arrays;
import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Many-to-one: (T, B, F) to (1, B, F) by the last step or the mean over steps. With {@link #lengths} the pool
 * reads only each element's real steps: the step lengths[b] - 1, or the mean over steps 0 .. lengths[b] - 1
 * (an element of length 0 pools to zeros). That is y = sum_t w[t, b] x[t, b] with a weight mask w, so forward
 * and backward are each a product with the mask; padded steps get weight 0 and a zero gradient.
 */
public final class Pool implements Layer {
    /** How the steps are combined. */
    public enum Mode { LAST, MEAN }

    private final Backend be;
    private final int width;
    private final Mode mode;
    private Tensor y, dx;
    private Tensor[] dxSteps;
    private int[] lengths;
    /** (T, B, F) step weights w[t, b] repeated over F, and x * w; null when every step of the last forward was real. */
    private Tensor weights, weighted;
    private Tensor[] weightSteps;
    private boolean masked;
    private float[] hostWeights = new float[0];

    public Pool(Backend be, int width, Mode mode) {
        this.be = be;
        this.width = width;
        this.mode = mode;
    }

    @Override public int inputWidth() { return width; }

    @Override public int outputWidth() { return width; }

    @Override public List<Param> params() { return List.of(); }

    public Mode mode() { return mode; }

    @Override public void lengths(int[] lengths) { this.lengths = lengths; }

    @Override public Tensor forward(Tensor x, boolean training) {
        int steps = x.shape().dim(0);
        if (dx == null || !dx.shape().equals(x.shape())) {
            y = be.alloc(x.shape().withFirst(1));
            dx = be.alloc(x.shape());
            dxSteps = new Tensor[steps];
            for (int t = 0; t < steps; t++) dxSteps[t] = dx.slice(t);
            weights = null;
        }
        masked = lengths != null;
        if (masked) {
            maskedForward(x);
        } else if (mode == Mode.LAST) {
            be.copy(x.slice(steps - 1), y);
        } else {
            be.fill(y, 0);
            for (int t = 0; t < steps; t++) be.axpy(1f / steps, x.slice(t), y);
        }
        return y;
    }

    /** y = column sums of x * w seen as a (T, B*F) matrix. */
    private void maskedForward(Tensor x) {
        int steps = x.shape().dim(0), batch = x.shape().dim(1);
        if (weights == null) {
            weights = be.alloc(x.shape());
            weighted = be.alloc(x.shape());
            weightSteps = new Tensor[steps];
            for (int t = 0; t < steps; t++) weightSteps[t] = weights.slice(t);
        }
        if (hostWeights.length != x.size()) hostWeights = new float[x.size()];
        Arrays.fill(hostWeights, 0f);
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            if (len == 0) continue;
            int from = mode == Mode.LAST ? len - 1 : 0;
            float w = mode == Mode.LAST ? 1f : 1f / len;
            for (int t = from; t < len; t++) Arrays.fill(hostWeights, (t * batch + b) * width, (t * batch + b + 1) * width, w);
        }
        weights.copyFromHost(hostWeights, 0);
        be.mul(x, weights, weighted);
        be.sumRows(weighted.reshape(Shape.of(steps, batch * width)), y, false);
    }

    @Override public Tensor backward(Tensor dy) {
        int steps = dxSteps.length;
        if (masked) {
            for (int t = 0; t < steps; t++) be.mul(dy.reshape(weightSteps[t].shape()), weightSteps[t], dxSteps[t]);
        } else if (mode == Mode.LAST) {
            be.fill(dx, 0);
            be.copy(dy, dxSteps[steps - 1]);
        } else {
            for (int t = 0; t < steps; t++) {
                be.fill(dxSteps[t], 0);
                be.axpy(1f / steps, dy, dxSteps[t]);
            }
        }
        return dx;
    }
}
