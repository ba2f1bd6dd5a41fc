package org.seqlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * What SRN, LSTM and GRU share, laid out as PyTorch's nn.RNN/LSTM/GRU: {@code layers} stacked layers,
 * one or two directions (outputs concatenated), inverted dropout between layers, parameters
 * weight_ih_l{k}[_reverse] (gates*H, in), weight_hh_l{k} (gates*H, H), bias_ih_l{k}, bias_hh_l{k} (gates*H).
 *
 * State: {@link #initialHidden()} (layers*dirs, B, H) is read at the start of each forward and
 * {@link #finalHidden()} written at its end; {@link #carryState()} copies final to initial for truncated
 * BPTT across consecutive batches, {@link #resetState(int)} zeroes one stream at a document boundary.
 * Gradients with respect to the initial state are in {@link #initialHiddenGrad()} after backward.
 *
 * Padding ({@link #lengths}): as PyTorch's packed sequences, a batch element's state does not change on its padded
 * steps, so the forward direction's final state is the one at the element's own end and the reverse direction
 * starts there from the initial state; the output at a padded step repeats the state (PyTorch pads with zeros)
 * and is meant to be masked by what follows. Backward passes the state gradient through padded steps unchanged.
 * Both are whole-step products with 0/1 masks, only on steps where some element is padded.
 */
public abstract class Recurrent implements Layer {
    protected final Backend be;
    protected final int inputWidth, hidden, layers, dirs, gateRows;
    private final boolean hasCell;
    private final DropoutSite drop;
    protected final Unit[][] units;
    private final List<Param> params = new ArrayList<>();

    private int steps = -1, batch = -1;
    private Tensor h0, c0, hN, cN, dh0, dc0, dhN, dcN;
    private Tensor[] layerOut, masks, dropped, dLayerOut;
    private Tensor dx;
    private boolean droppedLast;
    /** Real steps per batch element (null: all); padded is false when every step of the last forward was real. */
    private int[] lengthsIn;
    private boolean padded;
    private int shortest;
    /** (T, B, H) 1 at real steps (keep) or at padded ones (hold), allocated when a batch is padded. */
    private Tensor keep, hold;
    private Tensor[] keepSteps, holdSteps;
    private float[] hostMask;

    /** One direction of one layer: its parameters, its (T+1, B, H) state buffers and per-step views. */
    protected final class Unit {
        public final Param wIh, wHh, bIh, bHh;
        public final boolean reverse;
        final int inW;
        final Tensor wHhT;
        /** (gates*H): b_ih + b_hh in forward, the bias gradient in backward. */
        final Tensor biasScratch;
        Tensor x, h, c, g, g2, dg, dg2, dyb, dh, dc, tmp, heldH, heldC, y, hPrevAll;
        Tensor[] hs, cs, gs, g2s, dgs, dg2s, dys;

        Unit(int layer, boolean reverse, int inW) {
            this.reverse = reverse;
            this.inW = inW;
            String sfx = "_l" + layer + (reverse ? "_reverse" : "");
            int gh = gateRows;
            wIh = param("weight_ih" + sfx, gh, inW);
            wHh = param("weight_hh" + sfx, gh, hidden);
            bIh = param("bias_ih" + sfx, gh);
            bHh = param("bias_hh" + sfx, gh);
            wHhT = be.alloc(hidden, gh);
            biasScratch = be.alloc(gh);
        }

        /** Index in h/c of the state before step t, and of the state step t writes. */
        int prev(int t) { return reverse ? t + 1 : t; }

        int cur(int t) { return reverse ? t : t + 1; }

        /** The step whose output receives the recurrent gradient of step t, or -1 for the initial state. */
        int before(int t) { return reverse ? (t + 1 < steps ? t + 1 : -1) : t - 1; }

        /** Step t of the processing order s = 0 .. T-1. */
        int step(int s) { return reverse ? steps - 1 - s : s; }

        int initIndex() { return reverse ? steps : 0; }

        int finalIndex() { return reverse ? 0 : steps; }

        void allocate(int t, int b) {
            Shape state = Shape.of(t + 1, b, hidden), gates = Shape.of(t, b, gateRows);
            h = be.alloc(state);
            c = hasCell ? be.alloc(state) : null;
            g = be.alloc(gates);
            dg = be.alloc(gates);
            g2 = usesHiddenGates() ? be.alloc(gates) : null;
            dg2 = usesHiddenGates() ? be.alloc(gates) : null;
            dyb = be.alloc(t, b, hidden);
            dh = be.alloc(b, hidden);
            dc = be.alloc(b, hidden);
            tmp = be.alloc(b, hidden);
            heldH = be.alloc(b, hidden);
            heldC = be.alloc(b, hidden);
            y = h.range(reverse ? 0 : 1, t);
            hPrevAll = h.range(reverse ? 1 : 0, t);
            hs = views(h, t + 1);
            cs = c == null ? null : views(c, t + 1);
            gs = views(g, t);
            dgs = views(dg, t);
            g2s = g2 == null ? null : views(g2, t);
            dg2s = dg2 == null ? null : views(dg2, t);
            dys = views(dyb, t);
        }
    }

    protected Recurrent(Backend be, int inputWidth, int hidden, int layers, boolean bidirectional, float dropout,
                        int gates, boolean hasCell, Random rnd) {
        this.be = be;
        this.inputWidth = inputWidth;
        this.hidden = hidden;
        this.layers = layers;
        this.dirs = bidirectional ? 2 : 1;
        this.gateRows = gates * hidden;
        this.hasCell = hasCell;
        this.drop = new DropoutSite(dropout, rnd.nextLong());
        units = new Unit[layers][dirs];
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < dirs; d++) units[l][d] = new Unit(l, d == 1, l == 0 ? inputWidth : dirs * hidden);
        }
        float bound = (float) (1 / Math.sqrt(hidden));
        for (Param p : params) Init.uniform(p.value(), bound, rnd);
    }

    /** True for the GRU, which keeps W_hh h + b_hh apart from the input part. */
    protected boolean usesHiddenGates() { return false; }

    /** Runs all T steps of u forward over u.x. */
    protected abstract void stepsForward(Unit u);

    /**
     * Runs u's steps backward. u.dyb holds the gradient of u's outputs and is used as scratch, u.dc (LSTM)
     * the gradient of the final cell state; on return
     * u.dg (and u.dg2) hold the gradients of the gate pre-activations for every step, u.dh (and u.dc) the
     * gradient of the initial state.
     */
    protected abstract void stepsBackward(Unit u);

    private Param param(String name, int... dims) {
        Param p = new Param(name, be.alloc(dims), be.alloc(dims));
        params.add(p);
        return p;
    }

    private static Tensor[] views(Tensor t, int n) {
        Tensor[] v = new Tensor[n];
        for (int i = 0; i < n; i++) v[i] = t.slice(i);
        return v;
    }

    @Override public int inputWidth() { return inputWidth; }

    @Override public int outputWidth() { return dirs * hidden; }

    public int hidden() { return hidden; }

    public int layers() { return layers; }

    public boolean bidirectional() { return dirs == 2; }

    /** Dropout between stacked layers (PyTorch's dropout= of nn.LSTM); 0 for none. */
    public float dropout() { return drop.builtRate(); }

    /** The dropout between stacked layers; none for a single layer, where PyTorch's dropout= has no effect. */
    @Override public List<DropoutSite> dropoutSites() { return layers > 1 ? List.of(drop) : List.of(); }

    @Override public List<Param> params() { return params; }

    private void ensure(int t, int b) {
        if (t == steps && b == batch) return;
        if (b != batch) {
            Shape s = Shape.of(layers * dirs, b, hidden);
            h0 = be.alloc(s); hN = be.alloc(s); dh0 = be.alloc(s); dhN = be.alloc(s);
            c0 = hasCell ? be.alloc(s) : null;
            cN = hasCell ? be.alloc(s) : null;
            dc0 = hasCell ? be.alloc(s) : null;
            dcN = hasCell ? be.alloc(s) : null;
        }
        steps = t;
        batch = b;
        layerOut = new Tensor[layers];
        masks = new Tensor[layers];
        dropped = new Tensor[layers];
        dLayerOut = new Tensor[layers];
        for (int l = 0; l < layers; l++) {
            for (Unit u : units[l]) u.allocate(t, b);
            layerOut[l] = dirs == 2 ? be.alloc(t, b, 2 * hidden) : units[l][0].y;
            if (l + 1 < layers) dLayerOut[l] = be.alloc(t, b, dirs * hidden);
        }
        dx = be.alloc(t, b, inputWidth);
    }

    @Override public Tensor forward(Tensor x, boolean training) {
        if (x.shape().rank() != 3 || x.cols() != inputWidth) {
            throw new IllegalArgumentException("recurrent layer expects (T, B, " + inputWidth + "), got " + x.shape());
        }
        ensure(x.shape().dim(0), x.shape().dim(1));
        takeLengths();
        float p = drop.rate();
        droppedLast = training && p > 0;
        Tensor in = x;
        for (int l = 0; l < layers; l++) {
            if (l > 0 && droppedLast) {
                if (masks[l] == null) {
                    masks[l] = be.alloc(x.shape().dim(0), x.shape().dim(1), dirs * hidden);
                    dropped[l] = be.alloc(x.shape().dim(0), x.shape().dim(1), dirs * hidden);
                }
                be.dropoutMask(masks[l], p, drop.seeds().nextLong());
                be.mul(in, masks[l], dropped[l]);
                in = dropped[l];
            }
            for (int d = 0; d < dirs; d++) {
                Unit u = units[l][d];
                u.x = in;
                be.copy(h0.slice(l * dirs + d), u.hs[u.initIndex()]);
                if (hasCell) be.copy(c0.slice(l * dirs + d), u.cs[u.initIndex()]);
                be.transpose(u.wHh.value(), u.wHhT);
                stepsForward(u);
                be.copy(u.hs[u.finalIndex()], hN.slice(l * dirs + d));
                if (hasCell) be.copy(u.cs[u.finalIndex()], cN.slice(l * dirs + d));
            }
            if (dirs == 2) be.concatCols(units[l][0].y, units[l][1].y, layerOut[l]);
            in = layerOut[l];
        }
        return layerOut[layers - 1];
    }

    @Override public Tensor backward(Tensor dy) {
        Tensor dcur = dy;
        for (int l = layers - 1; l >= 0; l--) {
            if (dirs == 2) be.splitCols(dcur, units[l][0].dyb, units[l][1].dyb, false);
            else be.copy(dcur, units[l][0].dyb);
            Tensor dIn = l == 0 ? dx : dLayerOut[l - 1];
            for (int d = 0; d < dirs; d++) {
                Unit u = units[l][d];
                be.axpy(1f, dhN.slice(l * dirs + d), u.dys[u.reverse ? 0 : steps - 1]);
                if (hasCell) be.copy(dcN.slice(l * dirs + d), u.dc);
                stepsBackward(u);
                weightGradients(u);
                be.gemm(false, false, 1f, u.dg, u.wIh.value(), d == 0 ? 0f : 1f, dIn);
                be.copy(u.dh, dh0.slice(l * dirs + d));
                if (hasCell) be.copy(u.dc, dc0.slice(l * dirs + d));
            }
            if (l > 0 && droppedLast) be.mul(dIn, masks[l], dIn);
            dcur = dIn;
        }
        return dx;
    }

    @Override public void lengths(int[] lengths) { this.lengthsIn = lengths; }

    /** Reads the lengths for this forward; when some element is padded, fills the (T, B, H) keep and hold masks. */
    private void takeLengths() {
        padded = false;
        shortest = steps;
        if (lengthsIn == null) return;
        for (int b = 0; b < batch; b++) shortest = Math.min(shortest, lengthsIn[b]);
        padded = shortest < steps;
        if (!padded) return;
        Shape s = Shape.of(steps, batch, hidden);
        if (keep == null || !keep.shape().equals(s)) {
            keep = be.alloc(s);
            hold = be.alloc(s);
            keepSteps = views(keep, steps);
            holdSteps = views(hold, steps);
            hostMask = new float[s.size()];
        }
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) Arrays.fill(hostMask, (t * batch + b) * hidden, (t * batch + b + 1) * hidden, t < lengthsIn[b] ? 1f : 0f);
        }
        keep.copyFromHost(hostMask, 0);
        for (int i = 0; i < hostMask.length; i++) hostMask[i] = 1f - hostMask[i];
        hold.copyFromHost(hostMask, 0);
    }

    /** True when step t is padding for some batch element. */
    protected final boolean padded(int t) { return padded && t >= shortest; }

    /**
     * After the cell of step t: elements for which step t is padding keep the state from before it,
     * state = keep * state + hold * before (exact: each term is the value or 0).
     */
    protected final void holdPadded(Unit u, int t) {
        if (!padded(t)) return;
        blend(u.hs[u.cur(t)], u.hs[u.prev(t)], t, u.tmp);
        if (u.cs != null) blend(u.cs[u.cur(t)], u.cs[u.prev(t)], t, u.tmp);
    }

    private void blend(Tensor cur, Tensor before, int t, Tensor scratch) {
        be.mul(cur, keepSteps[t], cur);
        be.mul(before, holdSteps[t], scratch);
        be.axpy(1f, scratch, cur);
    }

    /**
     * Backward of holding, before step t's cell backward: the padded elements' gradient of the state (dh in
     * u.dys[t], and dc for the LSTM) is set aside and zeroed, so the cell gives them no gradient.
     */
    protected final void setAsidePadded(Unit u, int t, boolean cell) {
        if (!padded(t)) return;
        be.mul(u.dys[t], holdSteps[t], u.heldH);
        be.mul(u.dys[t], keepSteps[t], u.dys[t]);
        if (cell) {
            be.mul(u.dc, holdSteps[t], u.heldC);
            be.mul(u.dc, keepSteps[t], u.dc);
        }
    }

    /**
     * After step t's backward (its recurrent gradient in place): the set-aside gradient goes unchanged to the state
     * before step t (step before(t)'s output or the initial state, and dc).
     */
    protected final void passPadded(Unit u, int t, boolean cell) {
        if (!padded(t)) return;
        int before = u.before(t);
        be.axpy(1f, u.heldH, before >= 0 ? u.dys[before] : u.dh);
        if (cell) be.axpy(1f, u.heldC, u.dc);
    }

    /**
     * dW_ih += dGᵀ x, dW_hh += dGᵀ h_prev, biases += column sums (dG2 for the GRU's hidden part; without it both
     * biases get the same sums, taken once).
     */
    private void weightGradients(Unit u) {
        Tensor dHidden = u.dg2 != null ? u.dg2 : u.dg;
        be.gemm(true, false, 1f, u.dg, u.x, 1f, u.wIh.grad());
        be.gemm(true, false, 1f, dHidden, u.hPrevAll, 1f, u.wHh.grad());
        if (u.dg2 != null) {
            be.sumRows(u.dg, u.bIh.grad(), true);
            be.sumRows(u.dg2, u.bHh.grad(), true);
        } else {
            be.sumRows(u.dg, u.biasScratch, false);
            be.axpy(1f, u.biasScratch, u.bIh.grad());
            be.axpy(1f, u.biasScratch, u.bHh.grad());
        }
    }

    /** u.g (T, B, gates*H) += b_ih + b_hh on every row, in one pass. */
    protected void addBothBiases(Unit u) {
        be.copy(u.bIh.value(), u.biasScratch);
        be.axpy(1f, u.bHh.value(), u.biasScratch);
        be.addRowVector(u.g, u.biasScratch);
    }

    /** Adds the gradient from step t's recurrent input: target (+)= gemm(dGates_t, W_hh). */
    protected void recurrentGradient(Unit u, int t, Tensor dGatesT, boolean intoStepAlreadyHolds) {
        int b = u.before(t);
        if (b >= 0) be.gemm(false, false, 1f, dGatesT, u.wHh.value(), 1f, u.dys[b]);
        else be.gemm(false, false, 1f, dGatesT, u.wHh.value(), intoStepAlreadyHolds ? 1f : 0f, u.dh);
    }

    // ---- state ---------------------------------------------------------------------------------------

    public Tensor initialHidden() { return h0; }

    public Tensor initialCell() { return c0; }

    public Tensor finalHidden() { return hN; }

    public Tensor finalCell() { return cN; }

    public Tensor initialHiddenGrad() { return dh0; }

    /**
     * After {@link #backward}: dloss/dh_t (T, B, H) of stacked layer {@code layer}, direction {@code dir}, for
     * every step t: the gradient from the layers above at t plus the recurrent one from step t+1 (valid until
     * the next pass). What {@code inspect gradients} shows.
     */
    public Tensor hiddenGrad(int layer, int dir) { return units[layer][dir].dyb; }

    public Tensor initialCellGrad() { return dc0; }

    /** Gradient of the loss with respect to the final hidden state, read by backward (zero unless set). */
    public Tensor finalHiddenGrad() { return dhN; }

    /** Gradient with respect to the final cell state (LSTM), read by backward (zero unless set). */
    public Tensor finalCellGrad() { return dcN; }

    /** Allocates state for a batch of b streams (zeroed) if it has another size; buffers for T come with forward. */
    public void prepareState(int b) {
        if (b != batch) ensure(Math.max(steps, 1), b);
    }

    /** Final state becomes the next forward's initial state (truncated BPTT over consecutive batches). */
    public void carryState() {
        be.copy(hN, h0);
        if (hasCell) be.copy(cN, c0);
    }

    /** Zeroes the whole initial state. */
    public void resetState() {
        if (h0 == null) return;
        be.fill(h0, 0);
        if (hasCell) be.fill(c0, 0);
    }

    /** Zeroes the initial state of stream b only (its document ended). */
    public void resetState(int b) {
        if (h0 == null) return;
        for (int i = 0; i < layers * dirs; i++) {
            be.fill(h0.slice(i).slice(b), 0);
            if (hasCell) be.fill(c0.slice(i).slice(b), 0);
        }
    }

    @Override public void record(Trace trace, String prefix) {
        for (int l = 0; l < layers; l++) {
            for (Unit u : units[l]) {
                if (u.y == null) return;
                String p = layers == 1 && dirs == 1 ? prefix : prefix + ".l" + l + (u.reverse ? "_reverse" : "");
                trace.put(p + ".hidden", u.y);
                if (hasCell) trace.put(p + ".cell", u.c.range(u.reverse ? 0 : 1, steps));
                String[] names = gateNames();
                for (int k = 0; k < names.length; k++) trace.putColumns(p + ".gates." + names[k], u.g, k * hidden, hidden);
            }
        }
    }

    /** The names of the column blocks of the gate buffer after forward (empty for the SRN). */
    protected abstract String[] gateNames();
}
