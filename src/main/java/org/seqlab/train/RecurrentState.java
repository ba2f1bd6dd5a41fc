package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;
import org.seqlab.tensor.Tensor;

/**
 * A host copy of every recurrent layer's carried state (h0, and c0 for the LSTM), so validation,
 * sampling and rules can run forward passes in between training steps and hand back the state the
 * next training batch continues from. Also what a checkpoint stores to resume mid-epoch.
 */
public final class RecurrentState {

    /** One layer's state: batch size, hidden (layers*dirs, B, H) and cell (or null) as host floats. */
    public record LayerState(int batch, float[] hidden, float[] cell) {
    }

    private final List<LayerState> layers;

    private RecurrentState(List<LayerState> layers) {
        this.layers = layers;
    }

    public static RecurrentState take(Model m) {
        List<LayerState> out = new ArrayList<>();
        for (Recurrent r : m.recurrentLayers()) {
            Tensor h = r.initialHidden();
            if (h == null) {
                out.add(null);
            } else {
                Tensor c = r.initialCell();
                out.add(new LayerState(h.shape().dim(1), h.toHost(), c == null ? null : c.toHost()));
            }
        }
        return new RecurrentState(out);
    }

    /**
     * The same as {@link #take(Model)}, written into {@code reuse}'s arrays when it was taken from a model of the same
     * shapes (the training loop alternates two, so a step allocates nothing); otherwise a new copy.
     */
    public static RecurrentState take(Model m, RecurrentState reuse) {
        if (reuse == null || !reuse.fits(m)) return take(m);
        List<Recurrent> rs = m.recurrentLayers();
        for (int i = 0; i < rs.size(); i++) {
            LayerState l = reuse.layers.get(i);
            if (l == null) continue;
            rs.get(i).initialHidden().toHost(l.hidden(), 0);
            if (l.cell() != null) rs.get(i).initialCell().toHost(l.cell(), 0);
        }
        return reuse;
    }

    /** Whether this copy has a slot of the right size for every recurrent layer's state of m. */
    private boolean fits(Model m) {
        List<Recurrent> rs = m.recurrentLayers();
        if (rs.size() != layers.size()) return false;
        for (int i = 0; i < rs.size(); i++) {
            Tensor h = rs.get(i).initialHidden(), c = h == null ? null : rs.get(i).initialCell();
            LayerState l = layers.get(i);
            if ((h == null) != (l == null)) return false;
            if (h == null) continue;
            if (h.size() != l.hidden().length || h.shape().dim(1) != l.batch()) return false;
            if ((c == null) != (l.cell() == null) || (c != null && c.size() != l.cell().length)) return false;
        }
        return true;
    }

    /** A copy with arrays of its own. */
    public RecurrentState copy() {
        List<LayerState> out = new ArrayList<>();
        for (LayerState l : layers) {
            out.add(l == null ? null : new LayerState(l.batch(), l.hidden().clone(), l.cell() == null ? null : l.cell().clone()));
        }
        return new RecurrentState(out);
    }

    public static RecurrentState of(List<LayerState> layers) {
        return new RecurrentState(new ArrayList<>(layers));
    }

    public List<LayerState> layers() {
        return layers;
    }

    /** Puts the state back (reallocating for its batch size if a forward pass changed it). */
    public void restore(Model m) {
        List<Recurrent> rs = m.recurrentLayers();
        for (int i = 0; i < rs.size() && i < layers.size(); i++) {
            LayerState l = layers.get(i);
            Recurrent r = rs.get(i);
            if (l == null) {
                r.resetState();
                continue;
            }
            r.prepareState(l.batch());
            if (r.initialHidden().size() != l.hidden().length) {
                throw new IllegalArgumentException("recurrent state of layer " + (i + 1) + " does not fit the model");
            }
            r.initialHidden().copyFromHost(l.hidden());
            if (l.cell() != null && r.initialCell() != null) r.initialCell().copyFromHost(l.cell());
        }
    }
}
