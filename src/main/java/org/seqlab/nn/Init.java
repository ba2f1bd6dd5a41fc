package org.seqlab.nn;

import java.util.Random;
import org.seqlab.tensor.Tensor;

/** Weight initialisations, drawn on the host and copied to the tensor. */
public final class Init {
    private Init() {}

    /** Uniform on [-bound, bound]: PyTorch's RNN default with bound 1/sqrt(hidden). */
    public static void uniform(Tensor t, float bound, Random rnd) {
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = (rnd.nextFloat() * 2 - 1) * bound;
        t.copyFromHost(v);
    }

    /** Normal(0, std): PyTorch's Embedding default with std 1. */
    public static void normal(Tensor t, float std, Random rnd) {
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian() * std;
        t.copyFromHost(v);
    }

    /** Glorot/Xavier uniform for a (fanOut, fanIn) weight: bound sqrt(6 / (fanIn + fanOut)). */
    public static void xavier(Tensor t, Random rnd) {
        int fanOut = t.rows(), fanIn = t.cols();
        uniform(t, (float) Math.sqrt(6.0 / (fanIn + fanOut)), rnd);
    }

    /** Linear's default: kaiming-uniform with a = sqrt(5), which is bound 1/sqrt(fanIn). */
    public static void kaimingLinear(Tensor t, int fanIn, Random rnd) {
        uniform(t, (float) (1 / Math.sqrt(fanIn)), rnd);
    }

    /** Identity in each square (H, H) block of a (k*H, H) matrix (the IRNN recipe for W_hh). */
    public static void identity(Tensor t) {
        int n = t.cols();
        float[] v = new float[t.size()];
        for (int r = 0; r < t.rows(); r++) v[r * n + (r % n)] = 1f;
        t.copyFromHost(v);
    }
}
