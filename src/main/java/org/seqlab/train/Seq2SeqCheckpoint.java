package org.seqlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.backend.Backend;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.optim.Optimizer;

/**
 * An encoder-decoder model's training state as one safetensors file, in {@link Checkpoint}'s format:
 * parameters under their names ({@code encoder.gru1.weight_ih_l0}, {@code decoder.output.weight}),
 * the optimizer's moments as {@code optim.PARAM.STATE}, and in the metadata the caller's entries plus
 * {@code seqlab.format}, {@code step} and {@code optimizer.*}. No carried state: every batch of a
 * seq2seq run starts from zero.
 */
public final class Seq2SeqCheckpoint {

    /** What a restore gives back besides the weights: the step and the optimizer (null when none was saved). */
    public record Restored(long step, Optimizer optimizer, String optimizerName) {
    }

    private Seq2SeqCheckpoint() {
    }

    public static void save(Path file, EncoderDecoder m, Optimizer opt, TrainConfig last, long step, Map<String, String> meta)
            throws IOException {
        Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
        for (Param p : m.params()) tensors.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
        Map<String, String> md = new LinkedHashMap<>(meta);
        md.put("seqlab.format", Checkpoint.FORMAT);
        md.put("step", Long.toString(step));
        if (opt != null && last != null) Checkpoint.putOptimizer(opt, last, md, tensors);
        Safetensors.write(file, tensors, md);
    }

    /**
     * Loads weights and optimizer into a freshly compiled model; everything is checked before anything is
     * written, and an IllegalArgumentException says what is wrong.
     */
    public static Restored restore(Safetensors.Contents c, EncoderDecoder m, Backend be) {
        Map<String, String> md = c.metadata();
        if (!Checkpoint.FORMAT.equals(md.get("seqlab.format"))) {
            throw new IllegalArgumentException("not a seqlab checkpoint (no seqlab.format " + Checkpoint.FORMAT + " in its metadata)");
        }
        for (Param p : m.params()) {
            Safetensors.Entry e = c.tensors().get(p.name());
            if (e == null) throw new IllegalArgumentException("no tensor '" + p.name() + "' for the model's parameter");
            if (!e.shape().equals(p.value().shape()) || e.f32() == null) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' has shape " + e.shape() + ", the model needs "
                        + p.value().shape() + " F32");
            }
        }
        Optimizer opt = null;
        String kind = md.get("optimizer.kind");
        if (kind != null) {
            TrainConfig tc = Checkpoint.optimizerConfig(md);
            opt = Optimizers.create(be, m.params(), tc);
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
                Safetensors.Entry t = c.tensors().get("optim." + e.getKey());
                if (t == null || !t.shape().equals(e.getValue().shape())) {
                    throw new IllegalArgumentException("optimizer state 'optim." + e.getKey() + "' is missing or has the wrong shape");
                }
            }
        }
        for (Param p : m.params()) p.value().copyFromHost(c.tensors().get(p.name()).floats());
        if (opt != null) {
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) e.getValue().copyFromHost(c.tensors().get("optim." + e.getKey()).floats());
            opt.setSteps(Integer.parseInt(md.getOrDefault("optimizer.steps", "0")));
        }
        return new Restored(Long.parseLong(md.getOrDefault("step", "0")), opt, kind);
    }
}
