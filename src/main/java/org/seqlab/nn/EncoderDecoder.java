package org.seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.seqlab.tensor.Tensor;

/**
 * A seq2seq model (`encoder { } decoder { }`): the encoder (token input and layers, no output) reads the source;
 * every {@link CrossAttention} in the decoder attends over the encoder's last layer output, and when the encoder's
 * last recurrent layer and the decoder's first have the same number of layers and hidden size, the encoder's final
 * state is the decoder's initial state, the two directions summed for a bidirectional encoder (the only path from
 * source to target in a model without attention). The decoder
 * (token input, layers, output) is teacher-forced: it reads the target shifted right.
 *
 * Parameters are "encoder.NAME" and "decoder.NAME"; traces likewise. Backward runs the decoder, then the encoder
 * from the gradients of its states (through attention) and of its final state.
 */
public final class EncoderDecoder implements Trainable {
    private final Model encoder, decoder;
    private final List<CrossAttention> attention = new ArrayList<>();
    private final Recurrent encoderLast, decoderFirst;
    private List<Param> params;
    private Tensor memory, dMemory;
    private boolean bridged;

    public EncoderDecoder(Model encoder, Model decoder) {
        if (encoder.outputLayer() != null) throw new IllegalArgumentException("an encoder has no output layer");
        if (decoder.outputLayer() == null) throw new IllegalArgumentException("a decoder needs an output layer");
        this.encoder = encoder;
        this.decoder = decoder;
        for (Layer l : decoder.layers()) if (l instanceof CrossAttention c) attention.add(c);
        List<Recurrent> er = encoder.recurrentLayers(), dr = decoder.recurrentLayers();
        encoderLast = er.isEmpty() ? null : er.get(er.size() - 1);
        decoderFirst = dr.isEmpty() ? null : dr.get(0);
    }

    public Model encoder() { return encoder; }

    public Model decoder() { return decoder; }

    @Override public org.seqlab.backend.Backend backend() { return encoder.backend(); }

    /** The encoder's dropout sites, then the decoder's (the order a checkpoint's {@code dropout.seeds} keeps). */
    @Override public List<DropoutSite> dropoutSites() {
        List<DropoutSite> out = new ArrayList<>(encoder.dropoutSites());
        out.addAll(decoder.dropoutSites());
        return out;
    }

    public List<Param> params() {
        if (params == null) {
            List<Param> all = new ArrayList<>();
            for (Param p : encoder.params()) all.add(p.prefixed("encoder"));
            for (Param p : decoder.params()) all.add(p.prefixed("decoder"));
            params = Collections.unmodifiableList(all);
        }
        return params;
    }

    /** The encoder's and decoder's buffers (frozen embedding tables), "encoder.embed.weight". */
    @Override public List<Param> buffers() {
        List<Param> out = new ArrayList<>();
        for (Param p : encoder.buffers()) out.add(p.prefixed("encoder"));
        for (Param p : decoder.buffers()) out.add(p.prefixed("decoder"));
        return out;
    }

    public void zeroGrad() {
        encoder.zeroGrad();
        decoder.zeroGrad();
    }

    /**
     * Encodes src (srcSteps x batch, time-major from srcOff; srcLengths[b] real tokens, null for all) and runs the
     * decoder on tgtIn (tgtSteps x batch from tgtOff). Returns the decoder's logits (tgtSteps, batch, vocab).
     */
    public Tensor forward(int[] src, int srcOff, int srcSteps, int[] srcLengths, int[] tgtIn, int tgtOff, int tgtSteps,
                          int batch, boolean training) {
        return forward(src, srcOff, srcSteps, srcLengths, tgtIn, tgtOff, tgtSteps, null, batch, training);
    }

    /** As above, with the decoder's input right-padded past tgtLengths[b] (null: no padding), masked as the encoder's. */
    public Tensor forward(int[] src, int srcOff, int srcSteps, int[] srcLengths, int[] tgtIn, int tgtOff, int tgtSteps,
                          int[] tgtLengths, int batch, boolean training) {
        encode(src, srcOff, srcSteps, srcLengths, batch, training);
        return decoder.forward(tgtIn, tgtOff, tgtSteps, batch, tgtLengths, training);
    }

    /** Runs the encoder and hands its states to the decoder (attention memory and initial state). */
    public void encode(int[] src, int srcOff, int srcSteps, int[] srcLengths, int batch, boolean training) {
        encoder.resetState();
        decoder.resetState();
        memory = encoder.forward(src, srcOff, srcSteps, batch, srcLengths, training);
        for (CrossAttention c : attention) c.memory(memory, srcLengths);
        bridged = false;
        if (decoderFirst != null && encoderLast != null && !decoderFirst.bidirectional()
                && decoderFirst.layers() == encoderLast.layers() && decoderFirst.hidden() == encoderLast.hidden()) {
            decoderFirst.prepareState(batch);
            bridge(encoderLast.finalHidden(), decoderFirst.initialHidden());
            if (encoderLast.finalCell() != null && decoderFirst.initialCell() != null) {
                bridge(encoderLast.finalCell(), decoderFirst.initialCell());
            }
            bridged = true;
        }
    }

    /** to (L, B, H) = from (L*dirs, B, H), the directions of each layer summed. */
    private void bridge(Tensor from, Tensor to) {
        var be = encoder.backend();
        int dirs = encoderLast.bidirectional() ? 2 : 1;
        for (int l = 0; l < encoderLast.layers(); l++) {
            be.copy(from.slice(l * dirs), to.slice(l));
            if (dirs == 2) be.axpy(1f, from.slice(l * dirs + 1), to.slice(l));
        }
    }

    /** Backward of bridge: each direction of layer l receives the gradient of the decoder's layer l. */
    private void bridgeBack(Tensor dTo, Tensor dFrom) {
        var be = encoder.backend();
        int dirs = encoderLast.bidirectional() ? 2 : 1;
        for (int l = 0; l < encoderLast.layers(); l++) for (int d = 0; d < dirs; d++) be.copy(dTo.slice(l), dFrom.slice(l * dirs + d));
    }

    public double loss(Targets targets, boolean grad) { return decoder.loss(targets, grad); }

    /** Back-propagates the last loss through the decoder, then the encoder. */
    public void backward() {
        var be = encoder.backend();
        decoder.backward();
        if (encoderLast != null) {
            be.fill(encoderLast.finalHiddenGrad(), 0);
            if (encoderLast.finalCellGrad() != null) be.fill(encoderLast.finalCellGrad(), 0);
            if (bridged) {
                bridgeBack(decoderFirst.initialHiddenGrad(), encoderLast.finalHiddenGrad());
                if (encoderLast.finalCellGrad() != null && decoderFirst.initialCellGrad() != null) {
                    bridgeBack(decoderFirst.initialCellGrad(), encoderLast.finalCellGrad());
                }
            }
        }
        if (dMemory == null || !dMemory.shape().equals(memory.shape())) dMemory = be.alloc(memory.shape());
        be.fill(dMemory, 0);
        for (CrossAttention c : attention) be.axpy(1f, c.memoryGradient(), dMemory);
        Tensor d = dMemory;
        List<Layer> layers = encoder.layers();
        for (int i = layers.size() - 1; i >= 0; i--) d = layers.get(i).backward(d);
        if (encoder.inputLayer() != null) encoder.inputLayer().backward(d);
    }

    /**
     * Greedy decoding for recurrent decoders, one step at a time from the carried state: starts from token bos and
     * stops at maxSteps (or when every sequence has produced eos, if eos >= 0). Returns ids (maxSteps x batch,
     * time-major); positions after a sequence's eos repeat eos.
     */
    public int[] greedy(int[] src, int srcOff, int srcSteps, int[] srcLengths, int batch, int bos, int eos, int maxSteps) {
        encode(src, srcOff, srcSteps, srcLengths, batch, false);
        int[] out = new int[maxSteps * batch], cur = new int[batch];
        java.util.Arrays.fill(cur, bos);
        // A decoder with self-attention or positions needs its whole prefix at every step (it has no state to carry):
        // it reads bos and every token chosen so far again, from the encoded source, and the last step's row is used.
        boolean wholePrefix = decoder.layers().stream().anyMatch(l -> l instanceof MultiHeadAttention
                || l instanceof TransformerBlock || l instanceof PositionalEncoding);
        int[] prefix = wholePrefix ? new int[(maxSteps + 1) * batch] : null;
        if (wholePrefix) java.util.Arrays.fill(prefix, 0, batch, bos);
        float[] probs = null;
        for (int t = 0; t < maxSteps; t++) {
            int row = 0;
            if (wholePrefix) {
                if (t > 0) encode(src, srcOff, srcSteps, srcLengths, batch, false);
                decoder.forward(prefix, 0, t + 1, batch, false);
                row = t * batch;
            } else {
                decoder.forward(cur, 0, 1, batch, false);
            }
            Tensor p = decoder.outputLayer().predictions();
            if (probs == null || probs.length < p.size()) probs = new float[p.size()];
            p.toHost(probs, 0);
            int vocab = p.cols();
            boolean allDone = eos >= 0;
            for (int b = 0; b < batch; b++) {
                int best = 0;
                int at = (row + b) * vocab;
                for (int v = 1; v < vocab; v++) if (probs[at + v] > probs[at + best]) best = v;
                if (t > 0 && eos >= 0 && out[(t - 1) * batch + b] == eos) best = eos;
                out[t * batch + b] = best;
                cur[b] = best;
                if (wholePrefix) prefix[(t + 1) * batch + b] = best;
                allDone &= best == eos;
            }
            decoder.carryState();
            if (allDone) {
                for (int r = t + 1; r < maxSteps; r++) System.arraycopy(out, t * batch, out, r * batch, batch);
                break;
            }
        }
        return out;
    }

    /** The encoder's and decoder's traces, under "encoder." and "decoder.". */
    public Trace trace() {
        Trace t = new Trace();
        Trace e = encoder.trace(), d = decoder.trace();
        for (String n : e.names()) t.putColumns("encoder." + n, e.get(n).tensor(), e.get(n).colFrom(), e.get(n).cols());
        for (String n : d.names()) t.putColumns("decoder." + n, d.get(n).tensor(), d.get(n).colFrom(), d.get(n).cols());
        return t;
    }
}
