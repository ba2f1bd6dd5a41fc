package org.seqlab.nn;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Many-to-one: (T, B, F) to (1, B, F) by the last step or the mean over steps. */
public final class Pool implements Layer {
    /** How the steps are combined. */
    public enum Mode { LAST, MEAN }

    private final Backend be;
    private final int width;
    private final Mode mode;
    private Tensor y, dx;
    private Tensor[] dxSteps;
    private Tensor x;

    public Pool(Backend be, int width, Mode mode) {
        this.be = be;
        this.width = width;
        this.mode = mode;
    }

    @Override public int inputWidth() { return width; }

    @Override public int outputWidth() { return width; }

    @Override public List<Param> params() { return List.of(); }

    public Mode mode() { return mode; }

    @Override public Tensor forward(Tensor x, boolean training) {
        int steps = x.shape().dim(0);
        if (dx == null || !dx.shape().equals(x.shape())) {
            y = be.alloc(x.shape().withFirst(1));
            dx = be.alloc(x.shape());
            dxSteps = new Tensor[steps];
            for (int t = 0; t < steps; t++) dxSteps[t] = dx.slice(t);
        }
        this.x = x;
        if (mode == Mode.LAST) {
            be.copy(x.slice(steps - 1), y);
        } else {
            be.fill(y, 0);
            for (int t = 0; t < steps; t++) be.axpy(1f / steps, x.slice(t), y);
        }
        return y;
    }

    @Override public Tensor backward(Tensor dy) {
        int steps = dxSteps.length;
        if (mode == Mode.LAST) {
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
