package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Central finite differences against backward, shared by the gradient-check tests: step 1e-2 in float32 on
 * L = sum(layer(x) * r), |fd - analytic| <= 2e-2 |analytic| + 2e-3, over up to {@code samples} elements.
 */
final class FiniteDifference {
    static final float EPS = 1e-2f;

    private final Backend be;
    private final Random rnd;
    private final int samples;

    FiniteDifference(Backend be, Random rnd, int samples) {
        this.be = be;
        this.rnd = rnd;
        this.samples = samples;
    }

    Tensor random(float scale, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) v[i] = (rnd.nextFloat() * 2 - 1) * scale;
        return be.fromHost(v, Shape.of(dims));
    }

    static double dot(Tensor a, Tensor b) {
        float[] x = a.toHost(), y = b.toHost();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return s;
    }

    /** Compares the gradient g of t with finite differences of loss. */
    void check(String what, Tensor t, float[] g, DoubleSupplier loss) {
        float[] v = t.toHost();
        for (int s = 0; s < Math.min(samples, v.length); s++) {
            int i = v.length <= samples ? s : rnd.nextInt(v.length);
            float keep = v[i];
            v[i] = keep + EPS; t.copyFromHost(v);
            double up = loss.getAsDouble();
            v[i] = keep - EPS; t.copyFromHost(v);
            double down = loss.getAsDouble();
            v[i] = keep; t.copyFromHost(v);
            double fd = (up - down) / (2 * EPS);
            assertEquals(fd, g[i], 2e-2 * Math.abs(g[i]) + 2e-3, what + "[" + i + "]: finite difference " + fd + ", backward " + g[i]);
        }
    }

    /** L = sum(layer(x) * r) with training=false: checks every parameter, the input and a recurrent layer's initial state. */
    void checkLayer(String name, Layer layer, Tensor x) {
        Tensor r = random(1f, layer.forward(x, false).shape().dims());
        DoubleSupplier loss = () -> dot(layer.forward(x, false), r);
        for (Param p : layer.params()) be.fill(p.grad(), 0);
        layer.forward(x, false);
        float[] dx = layer.backward(r).toHost();
        float[][] grads = new float[layer.params().size()][];
        for (int k = 0; k < grads.length; k++) grads[k] = layer.params().get(k).grad().toHost();
        for (int k = 0; k < grads.length; k++) check(name + "." + layer.params().get(k).name(), layer.params().get(k).value(), grads[k], loss);
        check(name + " input", x, dx, loss);
        if (layer instanceof Recurrent rec) {
            float[] dh0 = rec.initialHiddenGrad().toHost();
            float[] dc0 = rec.initialCell() == null ? null : rec.initialCellGrad().toHost();
            check(name + " initial hidden", rec.initialHidden(), dh0, loss);
            if (dc0 != null) check(name + " initial cell", rec.initialCell(), dc0, loss);
        }
    }
}
