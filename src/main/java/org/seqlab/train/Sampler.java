package org.seqlab.train;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Model;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.tensor.Tensor;

/**
 * Generates tokens from a next-token model one step at a time (batch 1). A recurrent model is fed each token
 * back in, carrying its state. A model without recurrent layers (attention, transformer) has no state to carry:
 * each step re-runs the last {@code context} tokens (a sliding window, the trained length) and reads the last
 * position's logits, as nanoGPT's generate does. Each token goes to the sink as soon as it is chosen, so text
 * streams. The model's carried training state is put back afterwards.
 */
public final class Sampler {

    private Sampler() {
    }

    /** Runs the prime (at least one token) and then generates {@code o.length()} tokens into sink. */
    public static void sample(Model m, int[] prime, SampleOptions o, IntConsumer sink) {
        sample(m, prime, o, 0, sink);
    }

    /**
     * As {@link #sample(Model, int[], SampleOptions, IntConsumer)}; trained is the sequence length the model
     * was trained on (0: unknown), which bounds the window of a model without recurrent layers.
     */
    public static void sample(Model m, int[] prime, SampleOptions o, int trained, IntConsumer sink) {
        if (prime.length == 0) throw new IllegalArgumentException("sampling needs at least one token to start from");
        if (m.recurrentLayers().isEmpty()) {
            sampleWindowed(m, prime, o, context(m, trained), sink);
            return;
        }
        RecurrentState saved = RecurrentState.take(m);
        try {
            for (var r : m.recurrentLayers()) {
                r.prepareState(1);
                r.resetState();
            }
            Random rnd = new Random(o.seed());
            int[] one = new int[1];
            m.forward(prime, 0, prime.length, 1, false);
            m.carryState();
            float[] row = lastRow(m.outputLayer().logits());
            for (int i = 0; i < o.length(); i++) {
                int next = choose(row, o, rnd);
                sink.accept(next);
                one[0] = next;
                m.forward(one, 0, 1, 1, false);
                m.carryState();
                row = lastRow(m.outputLayer().logits());
            }
        } finally {
            saved.restore(m);
        }
    }

    /** The longest window a stateless model sees: the trained length, never past a positional table's max. */
    public static int context(Model m, int trained) {
        int c = trained > 0 ? trained : Integer.MAX_VALUE;
        for (Layer l : m.layers()) if (l instanceof PositionalEncoding p) c = Math.min(c, p.max());
        return c == Integer.MAX_VALUE ? 256 : c;
    }

    /** Re-runs the last {@code context} tokens for every new one: history holds prime then generated tokens. */
    private static void sampleWindowed(Model m, int[] prime, SampleOptions o, int context, IntConsumer sink) {
        Random rnd = new Random(o.seed());
        int[] history = Arrays.copyOf(prime, prime.length + o.length());
        int n = prime.length;
        for (int i = 0; i < o.length(); i++) {
            int window = Math.min(n, context);
            m.forward(history, n - window, window, 1, false);
            int next = choose(lastRow(m.outputLayer().logits()), o, rnd);
            sink.accept(next);
            history[n++] = next;
        }
    }

    private static float[] lastRow(Tensor logits) {
        float[] all = logits.toHost();
        int v = logits.cols();
        return Arrays.copyOfRange(all, all.length - v, all.length);
    }

    /** The next token from one row of logits. */
    static int choose(float[] logits, SampleOptions o, Random rnd) {
        int v = logits.length;
        if (o.greedy()) return argmax(logits);
        double[] p = new double[v];
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (int j = 0; j < v; j++) {
            p[j] = Math.exp((logits[j] - max) / o.temperature());
            sum += p[j];
        }
        for (int j = 0; j < v; j++) p[j] /= sum;
        Integer[] order = new Integer[v];
        for (int j = 0; j < v; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]) != 0 ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = o.topK() > 0 ? Math.min(o.topK(), v) : v;
        if (o.topP() < 1) {
            double cum = 0;
            int n = 0;
            while (n < keep) {
                cum += p[order[n]];
                n++;
                if (cum >= o.topP()) break;
            }
            keep = n;
        }
        double kept = 0;
        for (int i = 0; i < keep; i++) kept += p[order[i]];
        double u = rnd.nextDouble() * kept;
        for (int i = 0; i < keep; i++) {
            u -= p[order[i]];
            if (u <= 0) return order[i];
        }
        return order[keep - 1];
    }

    private static int argmax(float[] z) {
        int best = 0;
        for (int j = 1; j < z.length; j++) if (z[j] > z[best]) best = j;
        return best;
    }
}
