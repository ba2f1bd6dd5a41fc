package org.seqlab.backend;

import org.seqlab.tensor.Tensor;

/**
 * How every backend reads the shapes of its attention operations' arguments (checked beforehand by
 * {@link CheckedBackend}): matrices of a batched tensor, and the dimensions of heads and additive scores.
 */
public final class AttentionShapes {
    private AttentionShapes() {}

    /** Rows of one matrix of a batch: the next-to-last dimension. */
    public static int rows2(Tensor x) { return x.shape().rank() < 2 ? 1 : x.shape().dim(-2); }

    /** How many matrices of rows2 x cols a batched tensor holds. */
    public static int matrices(Tensor x) { return x.size() == 0 ? 0 : x.size() / (rows2(x) * x.cols()); }

    /** (T, B, H, d) of a sequence x (T, B, W) and heads (B, H, T, d). */
    public static int[] heads(Tensor x, Tensor heads) {
        return new int[] {x.shape().dim(0), x.shape().dim(1), heads.shape().dim(1), heads.shape().dim(3)};
    }

    /** (T, S, B, A) of q (T, B, A) and k (S, B, A). */
    public static int[] additive(Tensor q, Tensor k) {
        return new int[] {q.shape().dim(0), k.shape().dim(0), q.shape().dim(1), q.cols()};
    }
}
