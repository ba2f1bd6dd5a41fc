package org.seqlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * decoder's) and the {@link TrainState}'s layout: {@code batcher.key}, {@code batcher.step},
 * {@code batcher.seed} and {@code forcing.coin} (the teacher-forcing coin's state), so a resumed run shuffles,
 * drops out and tosses its coin as an uninterrupted one would. No carried recurrent state: every batch of a
 * seq2seq run starts from zero.
 */
public final class Seq2SeqCheckpoint {

    private Seq2SeqCheckpoint() {
    }

    public static void save(Path file, TrainState st, TrainConfig last, Map<String, String> meta) throws IOException {
        EncoderDecoder m = (EncoderDecoder) st.net();
        Optimizer opt = st.optimizer();
        TrainConfig oc = last != null ? last : st.optimizerConfig();
        Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
        for (Param p : m.params()) tensors.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
        Map<String, String> md = new LinkedHashMap<>(meta);
        md.put("seqlab.format", Checkpoint.FORMAT);
        md.put("step", Long.toString(st.step()));
        if (st.batcherKey() != null) {
            md.put("batcher.key", st.batcherKey());
            md.put("batcher.step", Long.toString(st.batcherStep()));
            md.put("batcher.seed", Long.toString(st.layoutSeed()));
            md.put("forcing.coin", Long.toString(st.coin().state()));
        }
        if (opt != null && oc != null) Checkpoint.putOptimizer(opt, oc, md, tensors);
        Checkpoint.putDropoutSeeds(m.dropoutSites(), md);
        Safetensors.write(file, tensors, md);
    }

    /**
     * Loads weights and optimizer into a freshly compiled model; everything is checked before anything is
     * written, and an IllegalArgumentException says what is wrong.
     */
    public static void restore(Safetensors.Contents c, TrainState st) {
        EncoderDecoder m = (EncoderDecoder) st.net();
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
        String key = null;
        TrainConfig tc = null;
        if (md.get("optimizer.kind") != null) {
            tc = Checkpoint.optimizerConfig(md);
            key = Optimizers.key(tc);
            opt = Optimizers.create(m.backend(), m.params(), tc);
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
                Safetensors.Entry t = c.tensors().get("optim." + e.getKey());
                if (t == null || !t.shape().equals(e.getValue().shape())) {
                    throw new IllegalArgumentException("optimizer state 'optim." + e.getKey() + "' is missing or has the wrong shape");
                }
            }
        }
        List<DropoutSite> sites = m.dropoutSites();
        long[] seeds = Checkpoint.dropoutSeeds(md.get("dropout.seeds"), sites.size());
        long step = md.containsKey("step") ? Checkpoint.parseLong(md, "step") : 0;
        boolean layout = md.containsKey("batcher.key");
        long position = layout ? Checkpoint.parseLong(md, "batcher.step") : 0;
        long seed = layout ? Checkpoint.parseLong(md, "batcher.seed") : 0;
        long coin = layout ? Checkpoint.parseLong(md, "forcing.coin") : 0;
        int optSteps = md.containsKey("optimizer.steps") ? (int) Checkpoint.parseLong(md, "optimizer.steps") : 0;
        // Everything checked: now write.
        for (Param p : m.params()) p.value().copyFromHost(c.tensors().get(p.name()).floats());
        if (seeds != null) for (int i = 0; i < seeds.length; i++) sites.get(i).seeds().setState(seeds[i]);
        if (opt != null) {
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) e.getValue().copyFromHost(c.tensors().get("optim." + e.getKey()).floats());
            opt.setSteps(optSteps);
            st.setOptimizer(opt, key, tc);
        }
        st.setStep(step);
        if (layout) st.restoreLayout(md.get("batcher.key"), position, seed, coin);
    }
}
