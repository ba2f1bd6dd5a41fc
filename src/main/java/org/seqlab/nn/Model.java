package org.seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * A sequence model: an optional token input layer, named layers in order, an optional output. Parameters
 * are listed as "LAYERNAME.localname" (e.g. "rnn.weight_ih_l0", "out.bias") in layer order; that list is
 * what optimizers update, checkpoints store and inspections read.
 */
public final class Model implements Trainable {
    private final Backend be;
    private InputLayer input;
    private String inputName;
    private final List<String> names = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private Output output;
    private String outputName;
    private List<Param> params;
    private NextSentence nextSentence;
    private int[] segments;
    private int steps, batch;
    private Tensor lastDx;
    /** The transient buffers the layers share (gradients and intermediates of transformer blocks). */
    private final SharedBuffers shared;

    public Model(Backend be) {
        this.be = be;
        this.shared = new SharedBuffers(be);
    }

    public Backend backend() { return be; }

    public Model input(String name, InputLayer layer) {
        input = layer;
        inputName = name;
        params = null;
        return this;
    }

    public Model add(String name, Layer layer) {
        names.add(name);
        layers.add(layer);
        layer.shareBuffers(shared);
        params = null;
        return this;
    }

    public Model output(String name, Output layer) {
        output = layer;
        outputName = name;
        params = null;
        return this;
    }

    /** BERT's next-sentence head and segment embeddings (objective=masked+next_sentence). */
    public Model nextSentence(NextSentence head) {
        nextSentence = head;
        params = null;
        return this;
    }

    /** The next-sentence head, or null. */
    public NextSentence nextSentence() { return nextSentence; }

    /**
     * The segment of every position (time-major, as the ids) for the following forwards of a model with a
     * next-sentence head; null: segment 0 everywhere (one text, as BERT reads a single sentence) and no [CLS] classification.
     */
    public void segments(int[] segments) { this.segments = segments; }

    /** Segment 0 everywhere: a text that is not a pair (fill, inspect) reads as BERT's single segment A. */
    private int[] zeros(int n) {
        if (singleSegment == null || singleSegment.length < n) singleSegment = new int[n];
        return singleSegment;
    }

    private int[] singleSegment;

    public InputLayer inputLayer() { return input; }

    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    public List<String> layerNames() { return Collections.unmodifiableList(names); }

    public Output outputLayer() { return output; }

    /** Every trainable parameter, prefixed by its layer's name, in layer order. */
    public List<Param> params() {
        if (params == null) {
            List<Param> all = new ArrayList<>();
            if (input != null) for (Param p : input.params()) all.add(p.prefixed(inputName));
            for (int i = 0; i < layers.size(); i++) for (Param p : layers.get(i).params()) all.add(p.prefixed(names.get(i)));
            if (output != null) for (Param p : output.params()) all.add(p.prefixed(outputName));
            if (nextSentence != null) all.addAll(nextSentence.params());
            params = Collections.unmodifiableList(all);
        }
        return params;
    }

    /** Untrained state tensors (a frozen embedding's table), prefixed like parameters; checkpoints keep them too. */
    public List<Param> buffers() {
        List<Param> out = new ArrayList<>();
        if (input != null) for (Param p : input.buffers()) out.add(p.prefixed(inputName));
        return out;
    }

    public Param param(String name) {
        for (Param p : params()) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("no parameter named '" + name + "'");
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params()) n += p.value().size();
        return n;
    }

    /** Forward from token ids (time-major: ids[off + t*B + b]); returns the output's logits or the last layer's output. */
    public Tensor forward(int[] ids, int off, int steps, int batch, boolean training) {
        return forward(ids, off, steps, batch, null, training);
    }

    /**
     * Forward of a right-padded batch: element b has lengths[b] real steps (null: all steps are real). Every layer
     * masks the padding (see {@link Layer#lengths}), so an element's output does not depend on its batch.
     */
    public Tensor forward(int[] ids, int off, int steps, int batch, int[] lengths, boolean training) {
        if (input == null) throw new IllegalStateException("this model takes vectors, not token ids");
        this.steps = steps;
        this.batch = batch;
        Tensor x = input.forward(ids, off, steps, batch);
        boolean pairs = nextSentence != null && segments != null;
        if (nextSentence != null) nextSentence.addSegments(x, pairs ? segments : zeros(steps * batch));
        return forwardLayers(x, lengths, training, pairs);
    }

    /** Forward from a (T, B, features) tensor. */
    public Tensor forward(Tensor x, boolean training) { return forward(x, null, training); }

    /** Forward from a right-padded (T, B, features) tensor; lengths as in {@link #forward(int[], int, int, int, int[], boolean)}. */
    public Tensor forward(Tensor x, int[] lengths, boolean training) {
        steps = x.shape().dim(0);
        batch = x.shape().dim(1);
        return forwardLayers(x, lengths, training, false);
    }

    private Tensor forwardLayers(Tensor x, int[] lengths, boolean training, boolean pairs) {
        // Ctrl-C interrupts the thread running a statement; every long statement (sample, evaluate,
        // inspect, compare) passes here often, before any weight changes.
        if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("interrupted");
        if (lengths != null) checkLengths(lengths, x.shape().dim(0), x.shape().dim(1));
        int[] real = lengths;
        for (Layer l : layers) {
            l.lengths(real);
            x = l.forward(x, training);
            if (l instanceof Pool) real = null;                 // one step per element from here on
        }
        if (pairs) nextSentence.forward(x);
        return output == null ? x : output.forward(x, training);
    }

    private static void checkLengths(int[] lengths, int steps, int batch) {
        if (lengths.length < batch) throw new IllegalArgumentException(lengths.length + " lengths for a batch of " + batch);
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("batch element " + b + " has length " + lengths[b] + ", outside 0.." + steps);
            }
        }
    }

    /** Mean loss of the last forward against targets; with grad, prepares backward. */
    public double loss(Targets targets, boolean grad) {
        if (output == null) throw new IllegalStateException("this model has no output layer to score");
        return output.loss(targets, grad);
    }

    /** Back-propagates the last loss through every layer, accumulating parameter gradients. */
    public void backward() {
        Tensor d = output.backward(null);
        if (nextSentence != null && segments != null) nextSentence.backward(d);    // the head ran only on pairs
        for (int i = layers.size() - 1; i >= 0; i--) d = layers.get(i).backward(d);
        lastDx = d;
        if (input != null) input.backward(d);
        if (nextSentence != null) nextSentence.backwardSegments(d);
    }

    /** Gradient of the last loss with respect to the model's input tensor (after backward). */
    public Tensor inputGradient() { return lastDx; }

    public void zeroGrad() {
        for (Param p : params()) be.fill(p.grad(), 0);
    }

    /** Every layer's named tensors from the last forward, under "LAYERNAME.name". */
    public Trace trace() {
        Trace t = new Trace();
        if (input != null) input.record(t, inputName);
        for (int i = 0; i < layers.size(); i++) layers.get(i).record(t, names.get(i));
        if (output != null) output.record(t, outputName);
        return t;
    }

    public List<Recurrent> recurrentLayers() {
        List<Recurrent> r = new ArrayList<>();
        for (Layer l : layers) if (l instanceof Recurrent rec) r.add(rec);
        return r;
    }

    /** Every place the model applies dropout, in layer order (a layer's own order within it). */
    public List<DropoutSite> dropoutSites() {
        List<DropoutSite> out = new ArrayList<>();
        for (Layer l : layers) out.addAll(l.dropoutSites());
        return out;
    }

    /** Final states become initial states (truncated BPTT across consecutive batches of the same streams). */
    public void carryState() { for (Recurrent r : recurrentLayers()) r.carryState(); }

    public void resetState() { for (Recurrent r : recurrentLayers()) r.resetState(); }

    /** Stream b starts a new document. */
    public void resetState(int b) { for (Recurrent r : recurrentLayers()) r.resetState(b); }

    /** Parameters, then buffers, as safetensors entries under their names (host copies). */
    public Map<String, Safetensors.Entry> stateDict() {
        Map<String, Safetensors.Entry> m = new LinkedHashMap<>();
        for (Param p : params()) m.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
        for (Param p : buffers()) m.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
        return m;
    }

    /**
     * Loads every parameter from entries by name (checked in full before anything is written); prefix is put
     * before each parameter's name when looking it up ("" for none). Buffers are loaded when present (a file
     * written before buffers were saved leaves them as initialised).
     */
    public void load(Map<String, Safetensors.Entry> entries, String prefix) {
        for (Param p : params()) {
            Safetensors.Entry e = entries.get(prefix + p.name());
            if (e == null) throw new IllegalArgumentException("no tensor '" + prefix + p.name() + "' to load");
            Shape want = p.value().shape();
            if (e.shape().size() != want.size() || !e.shape().equals(want)) {
                throw new IllegalArgumentException("tensor '" + prefix + p.name() + "' has shape " + e.shape() + ", the model needs " + want);
            }
        }
        for (Param p : buffers()) {
            Safetensors.Entry e = entries.get(prefix + p.name());
            if (e != null && !e.shape().equals(p.value().shape())) {
                throw new IllegalArgumentException("tensor '" + prefix + p.name() + "' has shape " + e.shape() + ", the model needs " + p.value().shape());
            }
        }
        for (Param p : params()) p.value().copyFromHost(entries.get(prefix + p.name()).floats());
        for (Param p : buffers()) {
            Safetensors.Entry e = entries.get(prefix + p.name());
            if (e != null) p.value().copyFromHost(e.floats());
        }
    }
}
