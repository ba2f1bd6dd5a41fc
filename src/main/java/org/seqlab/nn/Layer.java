package org.seqlab.nn;

import java.util.List;
import org.seqlab.tensor.Tensor;

/**
 * A layer maps a sequence batch x (T, B, inputWidth) to (T, B', outputWidth) and back-propagates:
 * {@link #backward} takes the gradient of the output and returns the gradient of the input, accumulating
 * its parameters' gradients. Buffers are allocated on the first pass with a given (T, B) and reused; the
 * returned tensors belong to the layer and are valid until its next pass.
 */
public interface Layer {
    int inputWidth();

    int outputWidth();

    /** Parameters with their local PyTorch-style names (weight, bias, weight_ih_l0, ...). */
    List<Param> params();

    Tensor forward(Tensor x, boolean training);

    /** dy has the shape of the last forward's output; returns dx (the layer's buffer), or null if not needed. */
    Tensor backward(Tensor dy);

    /**
     * Real steps of each batch element for the following forwards (lengths[b] <= T, read for b < B; null: every
     * step is real). Right padding past lengths[b] must not change element b's output at its real steps: layers
     * that mix steps (recurrent, attention, pool) mask it, layers that act on each step alone ignore this.
     */
    default void lengths(int[] lengths) {}

    /** The places where this layer applies dropout (none by default), in a fixed order. */
    default List<DropoutSite> dropoutSites() { return List.of(); }

    /**
     * Takes transient buffers (gradients, intermediates no backward reads) from ws, the buffers the model's layers share
     * (see {@link SharedBuffers}); by default a layer keeps its own. Called before the first forward.
     */
    default void shareBuffers(SharedBuffers ws) {}

    /** Adds the last forward's named tensors to trace, under prefix. */
    default void record(Trace trace, String prefix) {}
}
