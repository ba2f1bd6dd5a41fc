package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Adds a position vector to every time step: y[t, b, :] = x[t, b, :] + pe[t, :] for t < max.
 * Sinusoidal ("Attention Is All You Need"): pe[p, 2i] = sin(p / 10000^(2i/C)), pe[p, 2i+1] = cos(same), fixed.
 * Learned (GPT): pe is the parameter "weight" (max, C), as nn.Embedding over positions, initialised N(0, 0.02)
 * as nanoGPT's wpe. Time steps are absolute within the window: sequences longer than max are an error.
 */
public final class PositionalEncoding implements Layer {
    /** sinusoidal | learned. */
    public enum Kind { SINUSOIDAL, LEARNED }

    private final Backend be;
    private final Kind kind;
    private final int width, max;
    private final Tensor table;
    private final Param weight;
    private Tensor y;

    public PositionalEncoding(Backend be, Kind kind, int width, int max, Random rnd) {
        if (max <= 0) throw new IllegalArgumentException("positional max must be a positive whole number, got " + max);
        this.be = be;
        this.kind = kind;
        this.width = width;
        this.max = max;
        if (kind == Kind.LEARNED) {
            weight = new Param("weight", be.alloc(max, width), be.alloc(max, width));
            Init.normal(weight.value(), 0.02f, rnd);
            table = weight.value();
        } else {
            weight = null;
            table = be.fromHost(sinusoid(max, width), Shape.of(max, width));
        }
    }

    /** The sinusoidal table (max, width), row-major, computed in double. */
    public static float[] sinusoid(int max, int width) {
        float[] pe = new float[max * width];
        for (int p = 0; p < max; p++) {
            for (int i = 0; 2 * i < width; i++) {
                double angle = p * Math.exp(-Math.log(10000.0) * (2.0 * i) / width);
                pe[p * width + 2 * i] = (float) Math.sin(angle);
                if (2 * i + 1 < width) pe[p * width + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return pe;
    }

    public Kind kind() { return kind; }

    public int max() { return max; }

    /** The (max, width) table added to the inputs. */
    public Tensor table() { return table; }

    @Override public int inputWidth() { return width; }

    @Override public int outputWidth() { return width; }

    @Override public List<Param> params() { return weight == null ? List.of() : List.of(weight); }

    @Override public Tensor forward(Tensor x, boolean training) {
        int steps = x.shape().dim(0);
        if (x.cols() != width) throw new IllegalArgumentException("positional encoding expects width " + width + ", got " + x.shape());
        if (steps > max) {
            throw new IllegalArgumentException("a sequence of " + steps + " steps is longer than positional max=" + max);
        }
        if (y == null || !y.shape().equals(x.shape())) y = be.alloc(x.shape());
        be.copy(x, y);
        for (int t = 0; t < steps; t++) be.addRowVector(y.slice(t), table.slice(t));
        return y;
    }

    /** dx = dy; the learned table's gradient at t is the sum over the batch of dy[t]. */
    @Override public Tensor backward(Tensor dy) {
        if (weight != null) {
            for (int t = 0, steps = dy.shape().dim(0); t < steps; t++) be.sumRows(dy.slice(t), weight.grad().slice(t), true);
        }
        return dy;
    }

    @Override public void record(Trace trace, String prefix) {
        if (y != null) trace.put(prefix + ".output", y);
    }
}
