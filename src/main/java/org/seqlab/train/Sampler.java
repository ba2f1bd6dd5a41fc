package org.seqlab.train;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;
import org.seqlab.nn.Model;
import org.seqlab.tensor.Tensor;

/**
 * Generates tokens from a next-token model one step at a time (batch 1), feeding each token back in and
 * carrying the recurrent state. Each token goes to the sink as soon as it is chosen, so text streams.
 * The model's carried training state is put back afterwards.
 */
public final class Sampler {

    private Sampler() {
    }

    /** Runs the prime (at least one token) and then generates {@code o.length()} tokens into sink. */
    public static void sample(Model m, int[] prime, SampleOptions o, IntConsumer sink) {
        if (prime.length == 0) throw new IllegalArgumentException("sampling needs at least one token to start from");
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
