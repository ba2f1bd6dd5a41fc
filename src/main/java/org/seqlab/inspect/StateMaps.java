package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.HeatmapGrid;
import org.seqlab.inspect.render.Scale;

/**
 * Per-token, per-unit pictures of a recurrent layer read from a {@link TextTrace}: the hidden state, the
 * LSTM cell state, and the gates (one panel per gate, and per direction of a bidirectional layer). Units
 * run down, tokens across. Gates squashed by a sigmoid are drawn on [0, 1], tanh values (hidden states,
 * candidates) on [-1, 1]; anything that leaves those ranges (a relu SRN, a cell state) gets a scale
 * fitted to its values.
 */
public final class StateMaps {

    private StateMaps() {
    }

    /** The layer's hidden state h_t: units (both directions, forward first) x tokens. */
    public static Heatmap hidden(TextTrace t, RecurrentLayer l) {
        float[][] perToken = units(t, l, "hidden");
        String title = "hidden state, layer " + l.number() + " (" + l.name() + ", " + l.kind() + ")"
                + (l.bidirectional() ? ": units 0-" + (l.hidden() - 1) + " forward, " + l.hidden() + "-" + (l.units() - 1) + " reverse" : "");
        return Heatmap.fromTokensByUnits(title, perToken, t.tokens()).withScale(signed(perToken));
    }

    /** The LSTM's cell state c_t: units x tokens. */
    public static Heatmap cell(TextTrace t, RecurrentLayer l) {
        if (!t.has(l.prefixes().get(0) + ".cell")) {
            throw new InspectException("layer " + l.number() + " is " + article(l.kind()) + ", which has no cell state",
                    "cell states belong to lstm layers; try: inspect hidden layer=" + l.number());
        }
        float[][] perToken = units(t, l, "cell");
        String title = "cell state, layer " + l.number() + " (" + l.name() + ", lstm)";
        return Heatmap.fromTokensByUnits(title, perToken, t.tokens()).withScale(signed(perToken));
    }

    /** One panel per gate (LSTM input, forget, candidate, output; GRU reset, update, candidate), per direction. */
    public static HeatmapGrid gates(TextTrace t, RecurrentLayer l) {
        List<String> gates = gateNames(t, l);
        if (gates.isEmpty()) {
            throw new InspectException("layer " + l.number() + " is " + article(l.kind()) + ", which has no gates",
                    "gates belong to lstm and gru layers; try: inspect hidden layer=" + l.number());
        }
        List<Heatmap> panels = new ArrayList<>();
        for (int d = 0; d < l.prefixes().size(); d++) {
            for (String g : gates) {
                float[][] perToken = t.get(l.prefixes().get(d) + ".gates." + g).matrix();
                String title = g + (l.bidirectional() ? " (" + l.direction(d) + ")" : "");
                Scale scale = g.equals("candidate") ? signed(perToken) : unit(perToken);
                panels.add(Heatmap.fromTokensByUnits(title, perToken, t.tokens()).withScale(scale));
            }
        }
        return new HeatmapGrid("gates, layer " + l.number() + " (" + l.name() + ", " + l.kind() + ")", panels);
    }

    /** The gate names traced for the layer, in the layer's own order. */
    public static List<String> gateNames(TextTrace t, RecurrentLayer l) {
        String p = l.prefixes().get(0) + ".gates.";
        List<String> out = new ArrayList<>();
        for (String n : t.names()) if (n.startsWith(p)) out.add(n.substring(p.length()));
        return out;
    }

    /** tokens x units of one traced quantity, the directions' units side by side. */
    static float[][] units(TextTrace t, RecurrentLayer l, String what) {
        int steps = t.length();
        float[][] out = new float[steps][l.units()];
        for (int d = 0; d < l.prefixes().size(); d++) {
            float[][] m = t.get(l.prefixes().get(d) + "." + what).matrix();
            for (int s = 0; s < steps; s++) System.arraycopy(m[s], 0, out[s], d * l.hidden(), l.hidden());
        }
        return out;
    }

    /** [-1, 1] when the values stay inside it (tanh), else symmetric around 0 to fit them. */
    static Scale signed(float[][] v) {
        float max = maxAbs(v);
        return Scale.diverging(max <= 1 ? 1 : max);
    }

    /** [0, 1] for gates; a signed scale if something is outside it. */
    private static Scale unit(float[][] v) {
        for (float[] row : v) for (float x : row) if (x < 0 || x > 1) return signed(v);
        return Scale.sequential(0, 1);
    }

    private static float maxAbs(float[][] v) {
        float m = 0;
        for (float[] row : v) for (float x : row) if (Float.isFinite(x)) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static String article(String kind) {
        return kind.equals("lstm") ? "an lstm" : kind.equals("rnn") ? "an rnn" : "a gru";
    }
}
