package org.seqlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.backend.Backend;
import org.seqlab.nn.DropoutSite;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.optim.Optimizer;

/**
 * An encoder-decoder model's training state as one safetensors file, in {@link Checkpoint}'s format:
 * parameters under their names ({@code encoder.gru1.weight_ih_l0}, {@code decoder.output.weight}),
 * the optimizer's moments as {@code optim.PARAM.STATE}, and in the metadata the caller's entries plus
 * {@code seqlab.format}, {@code step}, {@code optimizer.*}, {@code dropout.seeds} (encoder's sites, then the
 * decoder's) and the {@link Seq2SeqState} of the last layout: {@code batcher.key}, {@code batcher.step},
 * {@code batcher.seed} and {@code forcing.coin} (the teacher-forcing coin's state), so a resumed run shuffles,
 * drops out and tosses its coin as an uninterrupted one would. No carried recurrent state: every batch of a
 * seq2seq run starts from zero.
 */
public final class Seq2SeqCheckpoint {

    /**
     * What a restore gives back besides the weights: the training state, the optimizer and its
     * {@link Optimizers#key} and the settings it was saved with (all three null when none was saved).
     */
    public record Restored(Seq2SeqState state, Optimizer optimizer, String optimizerKey, TrainConfig optimizerConfig) {
    }

    private Seq2SeqCheckpoint() {
    }

    public static void save(Path file, EncoderDecoder m, Optimizer opt, TrainConfig last, Seq2SeqState st, Map<String, String> meta)
            throws IOException {
        Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
        for (Param p : m.params()) tensors.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
        Map<String, String> md = new LinkedHashMap<>(meta);
        md.put("seqlab.format", Checkpoint.FORMAT);
        md.put("step", Long.toString(st.step()));
        if (st.batcherKey() != null) {
            md.put("batcher.key", st.batcherKey());
            md.put("batcher.step", Long.toString(st.batcherStep()));
            md.put("batcher.seed", Long.toString(st.seed()));
            md.put("forcing.coin", Long.toString(st.coin().state()));
        }
        if (opt != null && last != null) Checkpoint.putOptimizer(opt, last, md, tensors);
        Checkpoint.putDropoutSeeds(dropoutSites(m), md);
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
        Checkpoint.validate(md);
        for (Param p : m.params()) {
            Safetensors.Entry e = c.tensors().get(p.name());
            if (e == null) throw new IllegalArgumentException("no tensor '" + p.name() + "' for the model's parameter");
            if (!e.shape().equals(p.value().shape()) || e.f32() == null) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' has shape " + e.shape() + ", the model needs "
                        + p.value().shape() + " F32");
            }
        }
        Optimizer opt = null;
        String key = null;
        TrainConfig tc = null;
        if (md.get("optimizer.kind") != null) {
            tc = Checkpoint.optimizerConfig(md);
            key = Optimizers.key(tc);
            opt = Optimizers.create(be, m.params(), tc);
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
                Safetensors.Entry t = c.tensors().get("optim." + e.getKey());
                if (t == null || !t.shape().equals(e.getValue().shape())) {
                    throw new IllegalArgumentException("optimizer state 'optim." + e.getKey() + "' is missing or has the wrong shape");
                }
            }
        }
        List<DropoutSite> sites = dropoutSites(m);
        long[] seeds = Checkpoint.dropoutSeeds(md.get("dropout.seeds"), sites.size());
        Seq2SeqState st = new Seq2SeqState();
        if (md.containsKey("step")) st.setStep(Checkpoint.parseLong(md, "step"));
        if (md.containsKey("batcher.key")) {
            st.restore(md.get("batcher.key"), Checkpoint.parseLong(md, "batcher.step"), Checkpoint.parseLong(md, "batcher.seed"),
                    Checkpoint.parseLong(md, "forcing.coin"));
        }
        int optSteps = md.containsKey("optimizer.steps") ? (int) Checkpoint.parseLong(md, "optimizer.steps") : 0;
        // Everything checked: now write.
        for (Param p : m.params()) p.value().copyFromHost(c.tensors().get(p.name()).floats());
        if (seeds != null) for (int i = 0; i < seeds.length; i++) sites.get(i).seeds().setState(seeds[i]);
        if (opt != null) {
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) e.getValue().copyFromHost(c.tensors().get("optim." + e.getKey()).floats());
            opt.setSteps(optSteps);
        }
        return new Restored(st, opt, key, tc);
    }

    /** The encoder's dropout sites, then the decoder's: the order of {@code dropout.seeds}. */
    private static List<DropoutSite> dropoutSites(EncoderDecoder m) {
        List<DropoutSite> out = new ArrayList<>(m.encoder().dropoutSites());
        out.addAll(m.decoder().dropoutSites());
        return out;
    }
}
