package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Fully connected layer, PyTorch's nn.Linear plus an activation: y = act(x W^T + b), W (out, in), b (out). */
public class Dense implements Layer {
    protected final Backend be;
    protected final int in, out;
    private final Activation act;
    protected final Param weight, bias;
    protected Tensor x, z, y, dz, dx;
    /** Where the gradients dz and dx come from: null, the layer's own; a transformer block's, shared. */
    private SharedBuffers shared;
    private String sharedPrefix;

    public Dense(Backend be, int in, int out, Activation act, boolean xavier, Random rnd) {
        this.be = be;
        this.in = in;
        this.out = out;
        this.act = act;
        weight = new Param("weight", be.alloc(out, in), be.alloc(out, in));
        bias = new Param("bias", be.alloc(out), be.alloc(out));
        if (xavier) Init.xavier(weight.value(), rnd);
        else Init.kaimingLinear(weight.value(), in, rnd);
        if (xavier) be.fill(bias.value(), 0);
        else Init.uniform(bias.value(), (float) (1 / Math.sqrt(in)), rnd);
    }

    @Override public int inputWidth() { return in; }

    @Override public int outputWidth() { return out; }

    @Override public List<Param> params() { return List.of(weight, bias); }

    public Param weight() { return weight; }

    public Param bias() { return bias; }

    public Activation activation() { return act; }

    @Override public Tensor forward(Tensor x, boolean training) {
        if (x.cols() != in) throw new IllegalArgumentException("dense layer expects width " + in + ", got " + x.shape());
        if (z == null || !z.shape().equals(x.shape().withLast(out))) {
            z = be.alloc(x.shape().withLast(out));
            dz = act == Activation.NONE ? null : lend("dz", z.shape());    // without an activation, dy is dz
            y = act == Activation.NONE ? z : be.alloc(z.shape());
            dx = lend("dx", x.shape());
        }
        this.x = x;
        be.gemm(false, true, 1f, x, weight.value(), 0f, z);
        be.addRowVector(z, bias.value());
        if (act != Activation.NONE) be.activation(act, z, y);
        return y;
    }

    /**
     * Inside a transformer block: dz and dx (which the block's next layer back consumes at once) come from ws under
     * prefix, shared with the model's other blocks. Call before the first forward.
     */
    void shareGradients(SharedBuffers ws, String prefix) {
        shared = ws;
        sharedPrefix = prefix;
        z = null;
    }

    private Tensor lend(String name, org.seqlab.tensor.Shape shape) {
        return shared == null ? be.alloc(shape) : shared.get(sharedPrefix + name, shape);
    }

    /** Gradient of the pre-activation z is given: accumulates dW, db and returns dx. */
    protected Tensor backwardFromPreActivation(Tensor dPre) {
        be.gemm(true, false, 1f, dPre, x, 1f, weight.grad());
        be.sumRows(dPre, bias.grad(), true);
        be.gemm(false, false, 1f, dPre, weight.value(), 0f, dx);
        return dx;
    }

    @Override public Tensor backward(Tensor dy) {
        if (act == Activation.NONE) return backwardFromPreActivation(dy);
        be.activationBackward(act, z, y, dy, dz, false);
        return backwardFromPreActivation(dz);
    }

    @Override public void record(Trace trace, String prefix) {
        if (y != null) trace.put(prefix + ".output", y);
    }
}
