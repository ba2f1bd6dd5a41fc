package org.seqlab.nn;

import java.util.HashMap;
import java.util.Map;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Buffers that the layers of one model lend each other. A transformer block needs its gradients, and the few
 * forward intermediates no backward reads (the packed q k v projection, the heads' output, the attention's
 * output before the residual add), only while it runs: the blocks of a model take them from the model's
 * shared buffers by name, so the model holds one set instead of one per block (the 6-layer, 384-wide GPT at 2048
 * tokens a step: about 75 MB a block). Layers run one after another, forward and backward, so a buffer is
 * never in use by two of them at once; what a layer returns or keeps for its backward stays its own.
 * A layer outside a model (or in none that shares) has buffers of its own.
 */
public final class SharedBuffers {
    private final Backend be;
    private final Map<String, Tensor> buffers = new HashMap<>();

    public SharedBuffers(Backend be) { this.be = be; }

    /**
     * The buffer called name, of this shape. Another shape allocates a new one under that name; a layer that
     * still holds the old one keeps it to itself (then that buffer is no longer shared, which is correct, only larger).
     */
    public Tensor get(String name, Shape shape) {
        Tensor t = buffers.get(name);
        if (t == null || !t.shape().equals(shape)) {
            t = be.alloc(shape);
            buffers.put(name, t);
        }
        return t;
    }
}
