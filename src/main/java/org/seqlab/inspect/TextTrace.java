package org.seqlab.inspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.Trace;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.RecurrentState;

/**
 * Host copies of everything a model's forward pass traced on one text: one forward of the token ids as
 * a batch of one, {@code training=false}, from a zero recurrent state. The model's carried state (that
 * of a training run in progress) is put back afterwards, so an inspection from an {@code every} rule
 * does not disturb training. Every inspection reads its numbers from here: what is shown is what the
 * layers themselves wrote during the forward pass.
 */
public final class TextTrace {

    /** One traced tensor: its host floats laid out as {@code rows} x {@code cols}, and its full shape. */
    public record Values(float[] data, int rows, int cols, int[] dims) {
        /** Row r (for a (T, 1, W) entry: time step r) as a copy. */
        public float[] row(int r) {
            float[] out = new float[cols];
            System.arraycopy(data, r * cols, out, 0, cols);
            return out;
        }

        /** All rows: T x W for per-step entries of a batch of one. */
        public float[][] matrix() {
            float[][] m = new float[rows][];
            for (int r = 0; r < rows; r++) m[r] = row(r);
            return m;
        }
    }

    private final List<String> tokens;
    private final int[] ids;
    private final Map<String, Values> values;

    private TextTrace(List<String> tokens, int[] ids, Map<String, Values> values) {
        this.tokens = List.copyOf(tokens);
        this.ids = ids.clone();
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Runs {@code m} forward on {@code ids} (one sequence) and copies its trace to the host. For a softmax
     * output the probabilities are computed first, so "output.probs" belongs to this pass.
     */
    public static TextTrace of(Model m, int[] ids, List<String> tokens) {
        if (m.inputLayer() == null) {
            throw new InspectException("this model reads numbers, not text", "inspect a model that starts with embed or onehot");
        }
        if (ids.length == 0) throw new InspectException("the text has no tokens to inspect");
        RecurrentState saved = RecurrentState.take(m);
        try {
            for (Recurrent r : m.recurrentLayers()) {
                r.prepareState(1);
                r.resetState();
            }
            m.forward(ids, 0, ids.length, 1, false);
            if (m.outputLayer() != null) m.outputLayer().predictions();
            Trace t = m.trace();
            Map<String, Values> copies = new LinkedHashMap<>();
            for (String name : t.names()) copies.put(name, copy(t.get(name)));
            return new TextTrace(tokens, ids, copies);
        } finally {
            saved.restore(m);
        }
    }

    private static Values copy(Trace.Entry e) {
        Tensor t = e.tensor();
        int rank = t.shape().rank();
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = t.shape().dim(i);
        dims[rank - 1] = e.cols();
        return new Values(e.toHost(), t.rows(), e.cols(), dims);
    }

    public List<String> tokens() {
        return tokens;
    }

    public int[] ids() {
        return ids.clone();
    }

    public int length() {
        return ids.length;
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Values get(String name) {
        Values v = values.get(name);
        if (v == null) throw new InspectException("nothing was traced under '" + name + "'");
        return v;
    }
}
