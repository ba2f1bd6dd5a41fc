package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;

/**
 * Gated recurrent unit, PyTorch's nn.GRU: r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r (W_hn h + b_hn)),
 * h' = (1 - z) n + z h, with x_* = x W_i*^T + b_i*, h_* = h W_h*^T + b_h*, gate order [r z n].
 * Traces hidden and gates.reset|update|candidate.
 */
public final class Gru extends Recurrent {
    private static final String[] GATES = {"reset", "update", "candidate"};

    public Gru(Backend be, int inputWidth, int hidden, int layers, boolean bidirectional, float dropout, Random rnd) {
        super(be, inputWidth, hidden, layers, bidirectional, dropout, 3, false, rnd);
    }

    @Override protected boolean usesHiddenGates() { return true; }

    @Override protected String[] gateNames() { return GATES; }

    @Override protected void stepsForward(Unit u) {
        be.gemm(false, true, 1f, u.x, u.wIh.value(), 0f, u.g);
        be.addRowVector(u.g, u.bIh.value());
        for (int s = 0, n = u.gs.length; s < n; s++) {
            int t = u.step(s);
            be.gemm(false, false, 1f, u.hs[u.prev(t)], u.wHhT, 0f, u.g2s[t]);
            be.addRowVector(u.g2s[t], u.bHh.value());
            be.gruCell(u.gs[t], u.g2s[t], u.hs[u.prev(t)], u.hs[u.cur(t)]);
            holdPadded(u, t);
        }
    }

    @Override protected void stepsBackward(Unit u) {
        for (int s = u.gs.length - 1; s >= 0; s--) {
            int t = u.step(s);
            setAsidePadded(u, t, false);
            be.gruCellBackward(u.gs[t], u.g2s[t], u.hs[u.prev(t)], u.dys[t], u.dgs[t], u.dg2s[t], u.tmp);
            int b = u.before(t);
            if (b >= 0) be.axpy(1f, u.tmp, u.dys[b]);
            else be.copy(u.tmp, u.dh);
            recurrentGradient(u, t, u.dg2s[t], true);
            passPadded(u, t, false);
        }
    }
}
