package org.seqlab.nn;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/** PyTorch's nn.LayerNorm over the feature dimension: weight (gamma) ones, bias (beta) zeros, eps 1e-5. */
public final class LayerNorm implements Layer {
    private final Backend be;
    private final int width;
    private final float eps;
    private final Param weight, bias;
    private Tensor x, y, mean, rstd, dx;
    /** Where dx comes from: null, the layer's own; a transformer block's, shared. */
    private SharedBuffers shared;
    private String sharedName;

    public LayerNorm(Backend be, int width, float eps) {
        this.be = be;
        this.width = width;
        this.eps = eps;
        weight = new Param("weight", be.alloc(width), be.alloc(width));
        bias = new Param("bias", be.alloc(width), be.alloc(width));
        be.fill(weight.value(), 1f);
    }

    @Override public int inputWidth() { return width; }

    @Override public int outputWidth() { return width; }

    @Override public List<Param> params() { return List.of(weight, bias); }

    public float eps() { return eps; }

    @Override public Tensor forward(Tensor x, boolean training) {
        if (y == null || !y.shape().equals(x.shape())) {
            y = be.alloc(x.shape());
            dx = shared == null ? be.alloc(x.shape()) : shared.get(sharedName, x.shape());
            mean = be.alloc(Shape.of(x.rows()));
            rstd = be.alloc(Shape.of(x.rows()));
        }
        this.x = x;
        be.layerNorm(x, weight.value(), bias.value(), eps, y, mean, rstd);
        return y;
    }

    /** Inside a transformer block: dx (consumed by the block at once) is ws's buffer name, shared with the other blocks. */
    void shareGradient(SharedBuffers ws, String name) {
        shared = ws;
        sharedName = name;
        y = null;
    }

    @Override public Tensor backward(Tensor dy) {
        be.layerNormBackward(dy, x, weight.value(), mean, rstd, dx, weight.grad(), bias.grad());
        return dx;
    }

    @Override public void record(Trace trace, String prefix) {
        if (y != null) trace.put(prefix + ".output", y);
    }
}
