package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Backend;

/**
 * Long short-term memory, PyTorch's nn.LSTM: gates [i f g o] = x W_ih^T + b_ih + h W_hh^T + b_hh,
 * c' = σ(f) c + σ(i) tanh(g), h' = σ(o) tanh(c'). Traces hidden, cell and gates.input|forget|candidate|output
 * (activated values).
 */
public final class Lstm extends Recurrent {
    private static final String[] GATES = {"input", "forget", "candidate", "output"};

    /**
     * @param forgetBias added to the forget-gate block of bias_ih after PyTorch's uniform initialisation
     *                   (0 leaves PyTorch's initialisation untouched)
     */
    public Lstm(Backend be, int inputWidth, int hidden, int layers, boolean bidirectional, float dropout,
                float forgetBias, Random rnd) {
        super(be, inputWidth, hidden, layers, bidirectional, dropout, 4, true, rnd);
        if (forgetBias != 0) {
            for (Unit[] layer : units) {
                for (Unit u : layer) {
                    float[] b = u.bIh.value().toHost();
                    for (int j = hidden; j < 2 * hidden; j++) b[j] += forgetBias;
                    u.bIh.value().copyFromHost(b);
                }
            }
        }
    }

    @Override protected String[] gateNames() { return GATES; }

    @Override protected void stepsForward(Unit u) {
        be.gemm(false, true, 1f, u.x, u.wIh.value(), 0f, u.g);
        addBothBiases(u);
        for (int s = 0, n = u.gs.length; s < n; s++) {
            int t = u.step(s);
            be.gemm(false, false, 1f, u.hs[u.prev(t)], u.wHhT, 1f, u.gs[t]);
            be.lstmCell(u.gs[t], u.cs[u.prev(t)], u.cs[u.cur(t)], u.hs[u.cur(t)]);
            holdPadded(u, t);
        }
    }

    @Override protected void stepsBackward(Unit u) {
        for (int s = u.gs.length - 1; s >= 0; s--) {
            int t = u.step(s);
            setAsidePadded(u, t, true);
            be.lstmCellBackward(u.gs[t], u.cs[u.prev(t)], u.cs[u.cur(t)], u.dys[t], u.dc, u.dgs[t]);
            recurrentGradient(u, t, u.dgs[t], false);
            passPadded(u, t, true);
        }
    }
}
