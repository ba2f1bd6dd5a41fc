package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.TokenStrip;

/**
 * Single units of a recurrent layer's hidden state over a text: one unit as the text coloured by its
 * value (a quote-detecting cell in Karpathy's "unreasonable effectiveness" post), and the units that
 * change most from token to token (mean |h_t - h_t-1|, the first step measured from the zero state).
 * Unit numbers are 0-based across both directions of a bidirectional layer, forward first.
 */
public final class Neurons {

    private Neurons() {
    }

    /** Unit {@code unit} of the layer's hidden state, one value per token. */
    public static TokenStrip neuron(TextTrace t, RecurrentLayer l, int unit) {
        if (unit < 0 || unit >= l.units()) {
            throw new InspectException("unit=" + unit + " is not there: layer " + l.number() + " has " + l.units() + " units",
                    "use unit=0 .. unit=" + (l.units() - 1));
        }
        float[][] h = StateMaps.units(t, l, "hidden");
        float[] v = new float[h.length];
        for (int s = 0; s < h.length; s++) v[s] = h[s][unit];
        String title = "unit " + unit + " of layer " + l.number() + " (" + l.name() + ", " + l.kind() + ") hidden state";
        return new TokenStrip(title, t.tokens(), v, StateMaps.signed(new float[][] {v}), range(v));
    }

    /** The k units whose hidden value changes most over the text, busiest first, units x tokens. */
    public static Heatmap mostChanging(TextTrace t, RecurrentLayer l, int k) {
        float[][] h = StateMaps.units(t, l, "hidden");
        double[] change = change(h);
        Integer[] order = new Integer[change.length];
        for (int u = 0; u < order.length; u++) order[u] = u;
        Arrays.sort(order, Comparator.comparingDouble((Integer u) -> -change[u]).thenComparingInt(u -> u));
        int n = Math.min(k, order.length);
        float[][] rows = new float[n][h.length];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int u = order[i];
            for (int s = 0; s < h.length; s++) rows[i][s] = h[s][u];
            labels.add(String.format(Locale.ROOT, "%d:%.3f", u, change[u]));
        }
        String title = "the " + n + " of " + l.units() + " units of layer " + l.number() + " (" + l.name()
                + ") that change most per token (unit:mean |h_t - h_t-1|)";
        return new Heatmap(title, rows, labels, t.tokens(), "unit", "token", StateMaps.signed(rows), null);
    }

    /** Mean absolute step-to-step change of each unit; tokens x units in. */
    static double[] change(float[][] h) {
        int units = h[0].length;
        double[] c = new double[units];
        for (int s = 0; s < h.length; s++) {
            for (int u = 0; u < units; u++) c[u] += Math.abs(h[s][u] - (s == 0 ? 0f : h[s - 1][u]));
        }
        for (int u = 0; u < units; u++) c[u] /= h.length;
        return c;
    }

    private static String range(float[] v) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return String.format(Locale.ROOT, "min %.4f, max %.4f", lo, hi);
    }
}
