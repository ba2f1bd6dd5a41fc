package org.seqlab.nn;

import org.seqlab.tensor.Tensor;

/** A trainable tensor and its gradient (same shape), under a PyTorch-style name such as weight_ih_l0. */
public record Param(String name, Tensor value, Tensor grad) {
    /** The same parameter under prefix + "." + name (how a container names its layers' parameters). */
    public Param prefixed(String prefix) {
        return prefix == null || prefix.isEmpty() ? this : new Param(prefix + "." + name, value, grad);
    }
}
