package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.nn.Gru;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;

/**
 * One recurrent layer as {@code layer=N} names it. N is 1-based and counts the stacked layers of every
 * recurrent layer line in order: {@code layer lstm(hidden=64, layers=2)} followed by {@code layer gru(hidden=32)}
 * gives layers 1 and 2 (the LSTM's two) and 3 (the GRU). Both directions of a bidirectional layer are one
 * layer; its units are the forward direction's followed by the reverse one's, as in the layer's output.
 *
 * @param number     the N of {@code layer=N}
 * @param kind       "lstm", "gru" or "rnn"
 * @param name       how titles name it ("lstm1", "lstm1 layer 2 of 2")
 * @param prefixes   the trace prefixes of its directions (forward first): "lstm1", or "lstm1.l0" and "lstm1.l0_reverse"
 * @param hidden     units per direction
 */
public record RecurrentLayer(int number, String kind, String name, List<String> prefixes, int hidden) {

    public RecurrentLayer {
        prefixes = List.copyOf(prefixes);
    }

    /** Units across both directions. */
    public int units() {
        return hidden * prefixes.size();
    }

    public boolean bidirectional() {
        return prefixes.size() == 2;
    }

    /** Direction d's name in titles: "" for a one-way layer, "forward" / "reverse" otherwise. */
    public String direction(int d) {
        return !bidirectional() ? "" : d == 0 ? "forward" : "reverse";
    }

    /** Every recurrent layer of the model, numbered from 1. */
    public static List<RecurrentLayer> of(Model m) {
        List<RecurrentLayer> out = new ArrayList<>();
        List<Layer> layers = m.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Recurrent r)) continue;
            String layerName = m.layerNames().get(i);
            String kind = r instanceof Lstm ? "lstm" : r instanceof Gru ? "gru" : "rnn";
            boolean single = r.layers() == 1 && !r.bidirectional();
            for (int l = 0; l < r.layers(); l++) {
                List<String> prefixes = new ArrayList<>();
                String base = single ? layerName : layerName + ".l" + l;
                prefixes.add(base);
                if (r.bidirectional()) prefixes.add(base + "_reverse");
                String title = r.layers() == 1 ? layerName : layerName + " layer " + (l + 1) + " of " + r.layers();
                out.add(new RecurrentLayer(out.size() + 1, kind, title, prefixes, r.hidden()));
            }
        }
        return out;
    }

    /** Layer N of the model, or an error saying which layers there are. */
    public static RecurrentLayer pick(Model m, int n) {
        List<RecurrentLayer> all = of(m);
        if (all.isEmpty()) {
            throw new InspectException("the model has no recurrent layer", "hidden, cell, gates and neuron look at lstm, gru and rnn layers");
        }
        if (n < 1 || n > all.size()) {
            throw new InspectException("layer=" + n + " is not there: the model has " + all.size() + " recurrent layer"
                    + (all.size() == 1 ? "" : "s"), "use layer=1" + (all.size() == 1 ? "" : " .. layer=" + all.size()));
        }
        return all.get(n - 1);
    }
}
