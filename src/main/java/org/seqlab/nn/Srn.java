package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;

/**
 * Elman's simple recurrent network, PyTorch's nn.RNN: h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), act tanh or
 * relu. init=identity sets W_hh to the identity and its biases to zero (Le et al.'s IRNN); xavier draws
 * both weight matrices Glorot-uniform. Traces hidden.
 */
public final class Srn extends Recurrent {
    /** Weight initialisations the language names. */
    public enum InitKind { DEFAULT, XAVIER, IDENTITY }

    private static final String[] GATES = {};
    private final Activation act;

    public Srn(Backend be, int inputWidth, int hidden, int layers, boolean bidirectional, float dropout,
               Activation act, InitKind init, Random rnd) {
        super(be, inputWidth, hidden, layers, bidirectional, dropout, 1, false, rnd);
        if (act != Activation.TANH && act != Activation.RELU) {
            throw new IllegalArgumentException("an srn layer's activation is tanh or relu, not " + act.word());
        }
        this.act = act;
        for (Unit[] layer : units) {
            for (Unit u : layer) {
                if (init == InitKind.IDENTITY) {
                    Init.identity(u.wHh.value());
                    be.fill(u.bHh.value(), 0);
                    be.fill(u.bIh.value(), 0);
                } else if (init == InitKind.XAVIER) {
                    Init.xavier(u.wIh.value(), rnd);
                    Init.xavier(u.wHh.value(), rnd);
                }
            }
        }
    }

    @Override protected String[] gateNames() { return GATES; }

    public Activation activation() { return act; }

    @Override protected void stepsForward(Unit u) {
        be.gemm(false, true, 1f, u.x, u.wIh.value(), 0f, u.g);
        addBothBiases(u);
        for (int s = 0, n = u.gs.length; s < n; s++) {
            int t = u.step(s);
            be.gemm(false, false, 1f, u.hs[u.prev(t)], u.wHhT, 1f, u.gs[t]);
            be.activation(act, u.gs[t], u.hs[u.cur(t)]);
            holdPadded(u, t);
        }
    }

    @Override protected void stepsBackward(Unit u) {
        for (int s = u.gs.length - 1; s >= 0; s--) {
            int t = u.step(s);
            setAsidePadded(u, t, false);
            be.activationBackward(act, u.gs[t], u.hs[u.cur(t)], u.dys[t], u.dgs[t], false);
            recurrentGradient(u, t, u.dgs[t], false);
            passPadded(u, t, false);
        }
    }
}
