package org.seqlab.backend;

import org.seqlab.tensor.Tensor;

/** The shape checks every backend's attention operations share, with the errors they raise. */
public final class AttentionShapes {
    private AttentionShapes() {}

    /** Rows of one matrix of a batch: the next-to-last dimension. */
    public static int rows2(Tensor x) { return x.shape().rank() < 2 ? 1 : x.shape().dim(-2); }

    /** How many matrices of rows2 x cols a batched tensor holds. */
    public static int matrices(Tensor x) { return x.size() == 0 ? 0 : x.size() / (rows2(x) * x.cols()); }

    /** (T, B, H, d) after checking that x is (T, B, W) and heads (B, H, T, d) fits columns [colFrom, colFrom + H d). */
    public static int[] heads(Tensor x, int colFrom, Tensor heads) {
        if (x.shape().rank() != 3 || heads.shape().rank() != 4) {
            throw new IllegalArgumentException("heads need a (T, B, W) sequence and a (B, H, T, d) tensor, got " + x.shape()
                    + " and " + heads.shape());
        }
        int steps = x.shape().dim(0), batch = x.shape().dim(1), h = heads.shape().dim(1), d = heads.shape().dim(3);
        if (heads.shape().dim(0) != batch || heads.shape().dim(2) != steps || colFrom < 0 || colFrom + h * d > x.cols()) {
            throw new IllegalArgumentException("heads " + heads.shape() + " at column " + colFrom + " do not fit the sequence "
                    + x.shape());
        }
        return new int[] {steps, batch, h, d};
    }

    /** (T, S, B, A) after checking q (T, B, A), k (S, B, A), v (A), hidden (B, T, S, A), scores of B*T*S elements. */
    public static int[] additive(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        if (q.shape().rank() != 3 || k.shape().rank() != 3) {
            throw new IllegalArgumentException("additive scores need (T, B, A) and (S, B, A), got " + q.shape() + " and " + k.shape());
        }
        int steps = q.shape().dim(0), batch = q.shape().dim(1), a = q.cols(), src = k.shape().dim(0);
        if (k.shape().dim(1) != batch || k.cols() != a || v.size() != a || hidden.size() != batch * steps * src * a
                || scores.size() != batch * steps * src) {
            throw new IllegalArgumentException("additive scores shapes: q " + q.shape() + ", k " + k.shape() + ", v " + v.shape()
                    + ", hidden " + hidden.shape() + ", scores " + scores.shape());
        }
        return new int[] {steps, src, batch, a};
    }
}
