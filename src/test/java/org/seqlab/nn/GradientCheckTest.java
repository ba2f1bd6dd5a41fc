package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Central finite differences in float32 against each layer's backward, on the reference backend.
 * Step 1e-2 on a loss summed in double; a gradient passes when |fd - analytic| <= 2e-2 |analytic| + 2e-3,
 * tolerances set by float32 rounding of the loss (about 1e-6 relative) divided by the step.
 */
class GradientCheckTest {
    private final Backend be = CpuBackends.reference();
    private final Random rnd = new Random(11);
    private final FiniteDifference fd = new FiniteDifference(be, rnd, 12);

    private Tensor random(float scale, int... dims) { return fd.random(scale, dims); }

    private void check(String what, Tensor t, Tensor grad, DoubleSupplier loss) { fd.check(what, t, grad.toHost(), loss); }

    private void checkLayer(String name, Layer layer, Tensor x) { fd.checkLayer(name, layer, x); }

    private static double dot(Tensor a, Tensor b) { return FiniteDifference.dot(a, b); }

    /** A recurrent layer with a random carried initial state. */
    private void checkRecurrent(String name, Recurrent layer, int steps, int batch) {
        Tensor x = random(1f, steps, batch, layer.inputWidth());
        layer.forward(x, false);
        Tensor h0 = random(0.5f, layer.initialHidden().shape().dims());
        be.copy(h0, layer.initialHidden());
        if (layer.initialCell() != null) be.copy(random(0.5f, layer.initialCell().shape().dims()), layer.initialCell());
        checkLayer(name, layer, x);
    }

    @Test void srnTanhAndRelu() {
        checkRecurrent("srn tanh", new Srn(be, 3, 5, 1, false, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd), 4, 2);
        checkRecurrent("srn relu 2 layers", new Srn(be, 3, 5, 2, false, 0f, Activation.RELU, Srn.InitKind.XAVIER, rnd), 4, 2);
    }

    @Test void lstmStackedAndBidirectional() {
        checkRecurrent("lstm", new Lstm(be, 3, 4, 1, false, 0f, 1f, rnd), 5, 2);
        checkRecurrent("lstm 2 layers bidirectional", new Lstm(be, 3, 4, 2, true, 0f, 0f, rnd), 4, 3);
    }

    @Test void gruStackedAndBidirectional() {
        checkRecurrent("gru", new Gru(be, 3, 4, 1, false, 0f, rnd), 5, 2);
        checkRecurrent("gru 2 layers bidirectional", new Gru(be, 3, 4, 2, true, 0f, rnd), 4, 3);
        checkRecurrent("srn bidirectional", new Srn(be, 2, 3, 1, true, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd), 3, 2);
    }

    /** Right padding: elements shorter than the batch keep their state over their padded steps (gradients through the hold). */
    @Test void paddedRecurrentLayers() {
        int[] lengths = {4, 2, 1};
        Recurrent[] layers = {new Lstm(be, 3, 4, 2, true, 0f, 0f, rnd), new Gru(be, 3, 4, 2, true, 0f, rnd),
                new Srn(be, 3, 4, 1, true, 0f, Activation.TANH, Srn.InitKind.DEFAULT, rnd), new Lstm(be, 3, 4, 1, false, 0f, 1f, rnd)};
        for (Recurrent r : layers) {
            r.lengths(lengths);
            checkRecurrent(r.getClass().getSimpleName() + (r.bidirectional() ? " bidirectional" : "") + " padded", r, 4, 3);
        }
    }

    @Test void paddedPools() {
        for (Pool.Mode mode : Pool.Mode.values()) {
            Pool p = new Pool(be, 4, mode);
            p.lengths(new int[] {3, 1, 0, 2});
            checkLayer("pool " + mode + " padded", p, random(1f, 3, 4, 4));
        }
    }

    @Test void denseActivationsLayerNormPool() {
        for (Activation a : Activation.values()) checkLayer("dense " + a, new Dense(be, 4, 3, a, false, rnd), random(1f, 3, 2, 4));
        checkLayer("layernorm", new LayerNorm(be, 5, 1e-5f), random(2f, 3, 2, 5));
        checkLayer("pool last", new Pool(be, 4, Pool.Mode.LAST), random(1f, 3, 2, 4));
        checkLayer("pool mean", new Pool(be, 4, Pool.Mode.MEAN), random(1f, 3, 2, 4));
    }

    private void checkOutput(String name, Output out, Tensor x, Targets targets) {
        DoubleSupplier loss = () -> { out.forward(x, false); return out.loss(targets, false); };
        for (Param p : out.params()) be.fill(p.grad(), 0);
        out.forward(x, false);
        out.loss(targets, true);
        Tensor dx = be.fromHost(out.backward(null).toHost(), x.shape());
        for (Param p : out.params()) check(name + "." + p.name(), p.value(), be.fromHost(p.grad().toHost(), p.value().shape()), loss);
        check(name + " input", x, dx, loss);
    }

    @Test void lossesWithTheirProjections() {
        int[] ids = {0, 3, SoftmaxOutput.DEFAULT_IGNORE, 2, 1, 4};
        checkOutput("softmax", new SoftmaxOutput(be, 4, 5, SoftmaxOutput.DEFAULT_IGNORE, rnd), random(2f, 3, 2, 4), Targets.ids(ids, 0));
        checkOutput("linear", new LinearOutput(be, 4, 2, rnd), random(1f, 3, 2, 4), Targets.values(random(1f, 3, 2, 2)));
        Tensor t = random(0.5f, 3, 2, 2);
        be.axpy(1f, be.fromHost(new float[] {.5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f}, t.shape()), t);
        checkOutput("sigmoid", new SigmoidOutput(be, 4, 2, rnd), random(1f, 3, 2, 4), Targets.values(t));
    }

    /** output softmax|sigmoid loss=mse: the squared error of the probabilities, its gradient through the squashing. */
    @Test void squaredErrorOfProbabilities() {
        int[] ids = {0, 3, SoftmaxOutput.DEFAULT_IGNORE, 2, 1, 4};
        checkOutput("softmax mse", new SoftmaxOutput(be, 4, 5, SoftmaxOutput.DEFAULT_IGNORE, rnd, true), random(2f, 3, 2, 4), Targets.ids(ids, 0));
        Tensor t = be.fromHost(new float[] {0, 1, 1, 0, 1, 1}, Shape.of(3, 2, 1));
        checkOutput("sigmoid mse", new SigmoidOutput(be, 4, 1, rnd, true), random(1f, 3, 2, 4), Targets.values(t));
        SoftmaxOutput o = new SoftmaxOutput(be, 2, 3, -1, rnd, true);
        be.fill(o.params().get(1).value(), 0);
        o.forward(be.fromHost(new float[] {0, 0}, Shape.of(1, 1, 2)), false);
        // logits all 0 (zero input, bias 0): p = 1/3 each; (1/3 - 1)^2 + 2 (1/3)^2 = 2/3
        assertEquals(2.0 / 3, o.loss(Targets.ids(new int[] {1}, 0), false), 1e-6);
    }

    @Test void embeddingThroughAModel() {
        Model m = new Model(be)
                .input("embed", new Embedding(be, 6, 3, false, rnd))
                .add("rnn", new Lstm(be, 3, 4, 1, false, 0f, 0f, rnd))
                .output("out", new SoftmaxOutput(be, 4, 6, -100, rnd));
        int[] ids = {1, 2, 5, 0, 3, 3, 4, 1};
        int[] targets = {2, 5, 0, 3, 3, 4, 1, 1};
        DoubleSupplier loss = () -> { m.forward(ids, 0, 4, 2, false); return m.loss(Targets.ids(targets, 0), false); };
        m.zeroGrad();
        m.forward(ids, 0, 4, 2, false);
        m.loss(Targets.ids(targets, 0), true);
        m.backward();
        for (Param p : m.params()) check(p.name(), p.value(), be.fromHost(p.grad().toHost(), p.value().shape()), loss);
    }

    @Test void dropoutScalesKeptUnitsAndRoutesGradientThroughThem() {
        Dropout d = new Dropout(be, 8, 0.5f, rnd);
        Tensor x = random(1f, 2, 3, 8);
        float[] xs = x.toHost(), ys = d.forward(x, true).toHost();
        float[] gs = d.backward(be.fromHost(new float[48], x.shape())).toHost();
        for (int i = 0; i < 48; i++) {
            assertTrue(ys[i] == 0f || Math.abs(ys[i] - 2 * xs[i]) < 1e-6, "kept and scaled or zeroed");
            assertEquals(0f, gs[i]);
        }
        assertSame(x, d.forward(x, false), "identity when not training");
    }
}
