package org.seqlab.inspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.nn.CrossAttention;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Model;
import org.seqlab.nn.PositionalEncoding;
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
 *
 * <p>An encoder-decoder model is traced on a source text and a target: its trace names start with
 * "encoder." and "decoder.", {@link #tokens()} are the source tokens, {@link #targets()} label the decoder's
 * steps, and {@link #isCross} tells the decoder's encoder attention (target x source) from self-attention.
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
    private final List<String> targets;
    private final Set<String> cross;

    private TextTrace(List<String> tokens, int[] ids, Map<String, Values> values, List<String> targets, Set<String> cross) {
        this.tokens = List.copyOf(tokens);
        this.ids = ids.clone();
        this.values = Collections.unmodifiableMap(values);
        this.targets = List.copyOf(targets);
        this.cross = Set.copyOf(cross);
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
        checkLength(m, ids.length);
        RecurrentState saved = RecurrentState.take(m);
        try {
            for (Recurrent r : m.recurrentLayers()) {
                r.prepareState(1);
                r.resetState();
            }
            m.forward(ids, 0, ids.length, 1, false);
            if (m.outputLayer() != null) m.outputLayer().predictions();
            return new TextTrace(tokens, ids, copies(m.trace()), List.of(), Set.of());
        } finally {
            saved.restore(m);
        }
    }

    /**
     * Runs the encoder-decoder {@code m} forward on source {@code src} and, teacher-forced, decoder inputs
     * {@code targetIn} (beginning-of-sequence first); {@code targetLabels} names each decoder step (usually the
     * token it produced). A batch of one, {@code training=false}, from zero states as the model translates.
     */
    public static TextTrace ofTranslation(EncoderDecoder m, int[] src, List<String> srcTokens, int[] targetIn,
                                          List<String> targetLabels) {
        if (src.length == 0) throw new InspectException("the text has no tokens to inspect");
        if (targetIn.length != targetLabels.size()) throw new IllegalArgumentException(targetIn.length + " decoder steps, " + targetLabels.size() + " labels");
        checkLength(m.encoder(), src.length);
        checkLength(m.decoder(), targetIn.length);
        RecurrentState savedEncoder = RecurrentState.take(m.encoder()), savedDecoder = RecurrentState.take(m.decoder());
        try {
            for (Recurrent r : m.encoder().recurrentLayers()) r.prepareState(1);
            for (Recurrent r : m.decoder().recurrentLayers()) r.prepareState(1);
            m.forward(src, 0, src.length, new int[] {src.length}, targetIn, 0, targetIn.length, 1, false);
            m.decoder().outputLayer().predictions();
            Set<String> cross = new java.util.HashSet<>();
            List<Layer> layers = m.decoder().layers();
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof CrossAttention) cross.add("decoder." + m.decoder().layerNames().get(i) + AttentionMaps.SUFFIX);
            }
            return new TextTrace(srcTokens, src, copies(m.trace()), targetLabels, cross);
        } finally {
            savedEncoder.restore(m.encoder());
            savedDecoder.restore(m.decoder());
        }
    }

    /** A text longer than a positional table is an inspection error rather than a failed forward pass. */
    private static void checkLength(Model m, int steps) {
        for (Layer l : m.layers()) {
            if (l instanceof PositionalEncoding p && steps > p.max()) {
                throw new InspectException("the text has " + steps + " tokens; the model reads at most " + p.max()
                        + " (positional max=" + p.max() + ")", "inspect a text of at most " + p.max() + " tokens");
            }
        }
    }

    private static Map<String, Values> copies(Trace t) {
        Map<String, Values> copies = new LinkedHashMap<>();
        for (String name : t.names()) copies.put(name, copy(t.get(name)));
        return copies;
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

    /** The decoder's step labels of an encoder-decoder trace; empty for a plain model. */
    public List<String> targets() {
        return targets;
    }

    /** Whether the traced attention {@code name} attends from the decoder's steps over the source (cross-attention). */
    public boolean isCross(String name) {
        return cross.contains(name);
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
