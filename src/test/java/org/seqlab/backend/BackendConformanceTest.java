package org.seqlab.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The suite every backend must pass: each operation on random inputs (sizes chosen to hit kernel tails),
 * compared with the plain reference backend. A backend's test class extends this and names the backend.
 */
public abstract class BackendConformanceTest {
    protected abstract Backend backend();

    /** Relative tolerance against the reference (float32 with different summation order). */
    protected float tolerance() { return 2e-5f; }

    private final Backend ref = CpuBackends.reference();
    private final Random rnd = new Random(7);

    /** The same random values on the backend under test and on the reference. */
    private final class Pair {
        final Tensor x, r;
        Pair(Shape s, float scale) {
            float[] v = new float[s.size()];
            for (int i = 0; i < v.length; i++) v[i] = (rnd.nextFloat() * 2 - 1) * scale;
            x = backend().fromHost(v, s);
            r = ref.fromHost(v, s);
        }
        void check(String what) { assertClose(what, r.toHost(), x.toHost()); }
    }

    private Pair pair(float scale, int... dims) { return new Pair(Shape.of(dims), scale); }

    private Pair pair(int... dims) { return pair(1f, dims); }

    protected void assertClose(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what + ": length");
        double maxAbs = 0;
        for (float w : want) maxAbs = Math.max(maxAbs, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(want[i] - got[i]);
            if (err > tolerance() * Math.max(1, maxAbs)) {
                fail(what + ": element " + i + " is " + got[i] + ", reference " + want[i]);
            }
        }
    }

    /** Tile edges and thread splits of a transpose must not lose or move an element: checked against the definition. */
    @Test void transposeOfLargeAndRaggedShapesIsExact() {
        for (int[] s : new int[][] {{1, 1}, {17, 65}, {100, 33}, {2048, 512}}) {
            int m = s[0], n = s[1];
            float[] v = new float[m * n], want = new float[m * n];
            for (int i = 0; i < v.length; i++) v[i] = i;
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) want[j * m + i] = v[i * n + j];
            for (Backend be : new Backend[] {backend(), ref}) {
                Tensor out = be.alloc(n, m);
                be.transpose(be.fromHost(v, Shape.of(m, n)), out);
                assertArrayEquals(want, out.toHost(), be.name() + " " + m + "x" + n);
            }
        }
    }

    @Test void gemmAllFormsAndSizes() {
        int[][] sizes = {{1, 1, 1}, {4, 16, 8}, {50, 512, 128}, {7, 37, 13}, {33, 70, 65}, {3, 5, 0}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (int form = 0; form < 4; form++) {
                boolean ta = (form & 1) != 0, tb = (form & 2) != 0;
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    Pair a = ta ? pair(k, m) : pair(m, k);
                    Pair b = tb ? pair(n, k) : pair(k, n);
                    Pair c = pair(m, n);
                    backend().gemm(ta, tb, 0.75f, a.x, b.x, beta, c.x);
                    ref.gemm(ta, tb, 0.75f, a.r, b.r, beta, c.r);
                    c.check("gemm " + m + "x" + n + "x" + k + " transA=" + ta + " transB=" + tb + " beta=" + beta);
                }
            }
        }
    }

    @Test void gemmOnTimeStepViews() {
        Pair seq = pair(5, 6, 20);
        Pair w = pair(20, 36);
        Pair out = pair(5, 6, 36);
        for (int t = 0; t < 5; t++) {
            backend().gemm(false, false, 1f, seq.x.slice(t), w.x, 1f, out.x.slice(t));
            ref.gemm(false, false, 1f, seq.r.slice(t), w.r, 1f, out.r.slice(t));
        }
        out.check("per-step gemm on views");
        seq.check("input untouched");
    }

    @Test void elementwiseAndReductions() {
        Pair x = pair(9, 13), y = pair(9, 13), z = pair(9, 13);
        backend().axpy(0.3f, x.x, y.x); ref.axpy(0.3f, x.r, y.r); y.check("axpy");
        backend().scale(y.x, -1.7f); ref.scale(y.r, -1.7f); y.check("scale");
        backend().mul(x.x, y.x, z.x); ref.mul(x.r, y.r, z.r); z.check("mul");
        backend().clamp(z.x, -0.1f, 0.2f); ref.clamp(z.r, -0.1f, 0.2f); z.check("clamp");
        backend().copy(x.x, z.x); ref.copy(x.r, z.r); z.check("copy");
        backend().add(x.x, y.x, z.x); ref.add(x.r, y.r, z.r); z.check("add");
        backend().add(x.x, z.x, z.x); ref.add(x.r, z.r, z.r); z.check("add into b");
        backend().add(z.x, y.x, z.x); ref.add(z.r, y.r, z.r); z.check("add into a");
        backend().fill(z.x.slice(2), 3f); ref.fill(z.r.slice(2), 3f); z.check("fill view");
        assertEquals(ref.sumSquares(x.r), backend().sumSquares(x.x), 1e-4);
        assertEquals(ref.sum(x.r), backend().sum(x.x), 1e-4);
        Pair bias = pair(13), cols = pair(13), t = pair(13, 9);
        backend().addRowVector(x.x, bias.x); ref.addRowVector(x.r, bias.r); x.check("addRowVector");
        backend().sumRows(x.x, cols.x, true); ref.sumRows(x.r, cols.r, true); cols.check("sumRows accumulate");
        backend().sumRows(x.x, cols.x, false); ref.sumRows(x.r, cols.r, false); cols.check("sumRows");
        backend().transpose(x.x, t.x); ref.transpose(x.r, t.r); t.check("transpose");
        Pair a = pair(4, 3), b = pair(4, 5), ab = pair(4, 8);
        backend().concatCols(a.x, b.x, ab.x); ref.concatCols(a.r, b.r, ab.r); ab.check("concatCols");
        backend().axpy(1f, ab.x, ab.x); ref.axpy(1f, ab.r, ab.r);
        backend().splitCols(ab.x, a.x, b.x, true); ref.splitCols(ab.r, a.r, b.r, true); a.check("split a"); b.check("split b");
    }

    /** Tensors big enough for a multi-threaded backend to split the pass (split points must not show). */
    @Test void largeElementwisePasses() {
        Pair x = pair(301, 257), y = pair(301, 257), z = pair(301, 257);
        backend().copy(x.x, z.x); ref.copy(x.r, z.r); z.check("copy");
        backend().axpy(-0.7f, y.x, z.x); ref.axpy(-0.7f, y.r, z.r); z.check("axpy");
        backend().add(x.x, z.x, y.x); ref.add(x.r, z.r, y.r); y.check("add");
        backend().add(y.x, x.x, y.x); ref.add(y.r, x.r, y.r); y.check("add into a");
    }

    @Test void activationsForwardAndBackward() {
        for (Activation f : Activation.values()) {
            Pair x = pair(4f, 7, 19), y = pair(7, 19), dy = pair(7, 19), dx = pair(7, 19);
            backend().activation(f, x.x, y.x); ref.activation(f, x.r, y.r); y.check(f + " forward");
            backend().activationBackward(f, x.x, y.x, dy.x, dx.x, true);
            ref.activationBackward(f, x.r, y.r, dy.r, dx.r, true);
            dx.check(f + " backward");
        }
    }

    @Test void lstmCellForwardAndBackward() {
        int b = 5, h = 21;
        Pair g = pair(3f, b, 4 * h), cp = pair(b, h), c = pair(b, h), hh = pair(b, h);
        backend().lstmCell(g.x, cp.x, c.x, hh.x); ref.lstmCell(g.r, cp.r, c.r, hh.r);
        g.check("lstm gates"); c.check("lstm c"); hh.check("lstm h");
        Pair dh = pair(b, h), dc = pair(b, h), dg = pair(b, 4 * h);
        backend().lstmCellBackward(g.x, cp.x, c.x, dh.x, dc.x, dg.x);
        ref.lstmCellBackward(g.r, cp.r, c.r, dh.r, dc.r, dg.r);
        dc.check("lstm dcPrev"); dg.check("lstm dGates");
    }

    @Test void gruCellForwardAndBackward() {
        int b = 6, h = 19;
        Pair xg = pair(3f, b, 3 * h), hg = pair(2f, b, 3 * h), hp = pair(b, h), hh = pair(b, h);
        backend().gruCell(xg.x, hg.x, hp.x, hh.x); ref.gruCell(xg.r, hg.r, hp.r, hh.r);
        xg.check("gru gates"); hh.check("gru h");
        Pair dh = pair(b, h), dxg = pair(b, 3 * h), dhg = pair(b, 3 * h), dhp = pair(b, h);
        backend().gruCellBackward(xg.x, hg.x, hp.x, dh.x, dxg.x, dhg.x, dhp.x);
        ref.gruCellBackward(xg.r, hg.r, hp.r, dh.r, dxg.r, dhg.r, dhp.r);
        dxg.check("gru dxg"); dhg.check("gru dhg"); dhp.check("gru dhPrev");
    }

    @Test void embeddingGatherScatterOneHot() {
        int[] ids = {3, 0, -1, 3, 9, 2};
        Pair table = pair(10, 7), out = pair(5, 7), d = pair(5, 7), dt = pair(10, 7), oh = pair(5, 10);
        backend().gather(table.x, ids, 1, out.x); ref.gather(table.r, ids, 1, out.r); out.check("gather");
        backend().scatterAdd(d.x, ids, 1, dt.x); ref.scatterAdd(d.r, ids, 1, dt.r); dt.check("scatterAdd");
        backend().oneHot(ids, 1, oh.x); ref.oneHot(ids, 1, oh.r); oh.check("oneHot");
    }

    @Test void lossesAndLayerNorm() {
        int[] targets = {1, 4, -100, 0, 6, 2, 2};
        Pair logits = pair(5f, 7, 9), p = pair(7, 9), d = pair(7, 9);
        double l1 = backend().softmaxCrossEntropy(logits.x, targets, 0, -100, 1f / 6, p.x, d.x);
        double l2 = ref.softmaxCrossEntropy(logits.r, targets, 0, -100, 1f / 6, p.r, d.r);
        assertEquals(l2, l1, 1e-4 * Math.abs(l2));
        p.check("softmax"); d.check("cross-entropy gradient");
        Pair pred = pair(4, 3), target = pair(4, 3), dp = pair(4, 3);
        assertEquals(ref.mse(pred.r, target.r, 0.5f, dp.r), backend().mse(pred.x, target.x, 0.5f, dp.x), 1e-5);
        dp.check("mse gradient");
        Pair probs = pair(4, 3);
        assertEquals(ref.bceWithLogits(pred.r, target.r, 0.5f, probs.r, dp.r),
                backend().bceWithLogits(pred.x, target.x, 0.5f, probs.x, dp.x), 1e-5);
        dp.check("bce gradient"); probs.check("sigmoid probs");
        Pair x = pair(3f, 6, 11), gamma = pair(11), beta = pair(11), y = pair(6, 11), mean = pair(6), rstd = pair(6);
        backend().layerNorm(x.x, gamma.x, beta.x, 1e-5f, y.x, mean.x, rstd.x);
        ref.layerNorm(x.r, gamma.r, beta.r, 1e-5f, y.r, mean.r, rstd.r);
        y.check("layernorm"); mean.check("mean"); rstd.check("rstd");
        Pair dy = pair(6, 11), dx = pair(6, 11), dg = pair(11), db = pair(11);
        backend().layerNormBackward(dy.x, x.x, gamma.x, mean.x, rstd.x, dx.x, dg.x, db.x);
        ref.layerNormBackward(dy.r, x.r, gamma.r, mean.r, rstd.r, dx.r, dg.r, db.r);
        dx.check("layernorm dx"); dg.check("layernorm dgamma"); db.check("layernorm dbeta");
    }

    @Test void dropoutMaskIsTheSharedHash() {
        Pair m = pair(10, 30);
        backend().dropoutMask(m.x, 0.25f, 99); ref.dropoutMask(m.r, 0.25f, 99);
        m.check("dropout mask");
        int kept = 0;
        for (float v : m.x.toHost()) { if (v != 0) { kept++; assertEquals(1 / 0.75f, v, 1e-6); } }
        assertTrue(kept > 180 && kept < 270, "about 75% kept, got " + kept);
    }

    @Test void optimizerUpdates() {
        for (int step = 1; step <= 3; step++) {
            Pair p = pair(5, 7), g = pair(5, 7), m = pair(5, 7), v = pair(0.5f, 5, 7);
            backend().clamp(v.x, 0, 1); ref.clamp(v.r, 0, 1);
            backend().adamStep(p.x, g.x, m.x, v.x, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, step == 2, step);
            ref.adamStep(p.r, g.r, m.r, v.r, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, step == 2, step);
            p.check("adam p"); m.check("adam m"); v.check("adam v");
            backend().sgdStep(p.x, g.x, m.x, 0.1f, 0.9f, 0.1f, 0.01f, step == 3, step == 1);
            ref.sgdStep(p.r, g.r, m.r, 0.1f, 0.9f, 0.1f, 0.01f, step == 3, step == 1);
            p.check("sgd p"); m.check("sgd buf");
            backend().rmspropStep(p.x, g.x, v.x, m.x, 0.01f, 0.99f, 1e-8f, 0.01f, step == 2 ? 0.9f : 0f);
            ref.rmspropStep(p.r, g.r, v.r, m.r, 0.01f, 0.99f, 1e-8f, 0.01f, step == 2 ? 0.9f : 0f);
            p.check("rmsprop p"); v.check("rmsprop sq");
        }
    }
}
