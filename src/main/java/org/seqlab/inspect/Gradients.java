package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.seqlab.inspect.render.LinePlot;
import org.seqlab.inspect.render.Scale;
import org.seqlab.inspect.render.Stack;
import org.seqlab.inspect.render.TokenStrip;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.RecurrentState;

/**
 * How far back the loss reaches: the L2 norm of dloss/dh_t for every time step t of one recurrent layer on a
 * text (backprop through time, as training does it). The model reads tokens 0 .. T-2 as a batch of one,
 * {@code training=false}, from a zero state; the loss is that of predicting the text's last token (or, with
 * {@code all}, the mean loss of predicting every token from its prefix). dloss/dh_t is the gradient the layer's
 * backward itself holds at step t: from the layers above at t plus the recurrent part from step t+1
 * ({@link Recurrent#hiddenGrad}). For an SRN with tanh it falls by orders of magnitude going back in time
 * (the vanishing gradient); for an LSTM it falls much less. The model's weights, parameter gradients and
 * carried state are left as they were.
 *
 * @param layer  how titles name the layer
 * @param tokens the input tokens 0 .. T-2, one per step
 * @param norms  |dloss/dh_t| per step
 * @param target what the loss is of, in words
 */
public record Gradients(String layer, List<String> tokens, double[] norms, String target) {

    public static Gradients of(Model m, int[] ids, List<String> tokens, int layer, boolean all) {
        if (ids.length < 2) {
            throw new InspectException("inspect gradients needs at least two tokens: the loss is that of predicting the last one");
        }
        if (!(m.outputLayer() instanceof SoftmaxOutput out)) {
            throw new InspectException("inspect gradients needs a next-token model (output softmax over tokens)");
        }
        RecurrentLayer picked = RecurrentLayer.pick(m, layer);
        Recurrent rec = null;
        int stacked = -1, count = 0;
        for (Layer l : m.layers()) {
            if (l instanceof Recurrent r) {
                if (layer - count <= r.layers()) {
                    rec = r;
                    stacked = layer - count - 1;
                    break;
                }
                count += r.layers();
            }
        }
        int n = ids.length - 1;
        int[] targets = new int[n];
        for (int t = 0; t < n; t++) targets[t] = all || t == n - 1 ? ids[t + 1] : out.ignoreIndex();
        RecurrentState saved = RecurrentState.take(m);
        List<float[]> grads = new ArrayList<>();
        for (Param p : m.params()) grads.add(p.grad().toHost());
        double[] norms = new double[n];
        try {
            for (Recurrent r : m.recurrentLayers()) {
                r.prepareState(1);
                r.resetState();
            }
            m.forward(ids, 0, n, 1, false);
            m.zeroGrad();
            m.loss(Targets.ids(targets, 0), true);
            m.backward();
            for (int d = 0; d < (rec.bidirectional() ? 2 : 1); d++) {
                Tensor g = rec.hiddenGrad(stacked, d);
                float[] host = g.toHost();
                int h = g.cols();
                for (int t = 0; t < n; t++) {
                    for (int k = 0; k < h; k++) norms[t] += (double) host[t * h + k] * host[t * h + k];
                }
            }
            for (int t = 0; t < n; t++) norms[t] = Math.sqrt(norms[t]);
        } finally {
            List<Param> params = m.params();
            for (int i = 0; i < params.size(); i++) params.get(i).grad().copyFromHost(grads.get(i));
            saved.restore(m);
        }
        String target = all ? "the mean loss over every token" : "the loss of predicting '" + tokens.get(n) + "'";
        return new Gradients(picked.name(), tokens.subList(0, n), norms, target);
    }

    /**
     * |dloss/dh| one step before the last over that at the first step: how much the gradient shrinks travelling
     * back through the recurrence alone (the last step's gradient comes straight from the loss, without it).
     */
    public double shrink() {
        int n = norms.length;
        return n < 2 ? 1 : norms[n - 2] / Math.max(norms[0], 1e-30);
    }

    /** The strip (tokens coloured by log10 of the norm) above the line plot of log10 |dloss/dh_t| against t. */
    public Stack picture() {
        int n = norms.length;
        float[] logs = new float[n];
        double[] x = new double[n], y = new double[n];
        for (int t = 0; t < n; t++) {
            logs[t] = (float) Math.log10(Math.max(norms[t], 1e-30));
            x[t] = t;
            y[t] = logs[t];
        }
        float lo = logs[0], hi = logs[0];
        for (float v : logs) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double ratio = shrink();
        String caption = n < 2 ? "|dloss/dh| " + num(norms[0])
                : String.format(Locale.ROOT, "|dloss/dh| at the last step %s (straight from the loss), one step back %s, "
                + "at the first step %s: %s over the %d steps back through the recurrence", num(norms[n - 1]), num(norms[n - 2]),
                num(norms[0]), ratio >= 1 ? String.format(Locale.ROOT, "%.3gx smaller", ratio)
                        : String.format(Locale.ROOT, "%.3gx larger", 1 / ratio), n - 2);
        String title = "|dloss/dh_t| of " + layer + ", log10, for " + target;
        TokenStrip strip = new TokenStrip(title, tokens, logs, Scale.sequential(lo, hi > lo ? hi : lo + 1), caption);
        LinePlot plot = new LinePlot("log10 |dloss/dh_t| by time step", "time step t", "log10 norm",
                List.of(new LinePlot.Series(layer, x, y)));
        return new Stack(List.of(strip, plot));
    }

    static String num(double v) {
        return String.format(Locale.ROOT, v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? "%.3g" : "%.4f", v);
    }

    @Override
    public String toString() {
        return layer + " " + Arrays.toString(norms);
    }
}
