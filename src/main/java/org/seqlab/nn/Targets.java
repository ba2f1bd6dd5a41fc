package org.seqlab.nn;

import org.seqlab.tensor.Tensor;

/**
 * What an output layer is scored against: class ids (softmax; ids[off + r] for row r, time-major) or a
 * tensor of values shaped like the output (linear, sigmoid).
 */
public record Targets(int[] ids, int off, Tensor values) {
    public static Targets ids(int[] ids, int off) { return new Targets(ids, off, null); }

    public static Targets values(Tensor values) { return new Targets(null, 0, values); }
}
