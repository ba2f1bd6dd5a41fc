package org.seqlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.data.DataKind;
import org.seqlab.nn.DropoutSite;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.Recurrent;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.optim.Optimizer;

/**
 * A training state as one safetensors file, for every model kind (the one checkpoint writer). Tensors: every
 * parameter under its model name ({@code lstm1.weight_ih_l0}; an encoder-decoder's as
 * {@code encoder.gru1.weight_ih_l0}, {@code decoder.output.weight}), a plain model's buffers, the optimizer's
 * moments as {@code optim.PARAM.STATE} ({@code optim.lstm1.weight_ih_l0.exp_avg}), and a plain model's carried
 * recurrent state as {@code state.LAYER.hidden|cell} so training resumes mid-epoch exactly (an encoder-decoder's
 * batches all start from zero). Metadata (strings): the caller's (model source, vocabulary, data ...) plus
 * {@code seqlab.format}, {@code step}, {@code batcher.key}, {@code batcher.step}, {@code optimizer.*},
 * {@code dropout.seeds} (the state of each dropout site's mask-seed stream, comma-separated, an encoder's sites
 * before its decoder's, so masks after a resume are those an uninterrupted run would draw), after
 * {@code objective=masked} {@code masking.seed} (with the batcher position it fixes every later batch's masks,
 * whatever the seed of the session that resumes), {@code history} (the loss history, see {@link HistoryText}), and for an encoder-decoder's shuffled layout
 * {@code batcher.seed} and {@code forcing.coin} (the teacher-forcing coin's state).
 */
public final class Checkpoint {

    public static final String FORMAT = "seqlab-checkpoint-1";

    private Checkpoint() {
    }

    public static void save(Path file, TrainState st, TrainConfig lastConfig, Map<String, String> meta) throws IOException {
        Model m = st.model();
        Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
        if (m != null) tensors.putAll(m.stateDict());
        else {
            for (Param p : st.net().params()) tensors.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
            for (Param p : st.net().buffers()) tensors.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toHost()));
        }
        Map<String, String> md = new LinkedHashMap<>(meta);
        md.put("seqlab.format", FORMAT);
        md.put("step", Long.toString(st.step()));
        if (st.batcherKey() != null) {
            md.put("batcher.key", st.batcherKey());
            md.put("batcher.step", Long.toString(st.batcherStep()));
            if (st.kind() == DataKind.SEQ2SEQ) {
                md.put("batcher.seed", Long.toString(st.layoutSeed()));
                md.put("forcing.coin", Long.toString(st.coin().state()));
            }
        }
        Optimizer o = st.optimizer();
        TrainConfig oc = lastConfig != null ? lastConfig : st.optimizerConfig();
        if (o != null && oc != null) putOptimizer(o, oc, md, tensors);
        putDropoutSeeds(st.net().dropoutSites(), md);
        if (st.maskSeed() != null) md.put("masking.seed", Long.toString(st.maskSeed()));
        if (!st.history().isEmpty()) md.put("history", HistoryText.write(st.history()));
        if (m != null) putCarriedState(m, tensors);
        Safetensors.write(file, tensors, md);
    }

    private static void putCarriedState(Model m, Map<String, Safetensors.Entry> tensors) {
        List<Recurrent> rs = m.recurrentLayers();
        List<RecurrentState.LayerState> state = RecurrentState.take(m).layers();
        List<String> names = recurrentNames(m);
        for (int i = 0; i < rs.size(); i++) {
            RecurrentState.LayerState l = state.get(i);
            if (l == null) continue;
            Shape s = rs.get(i).initialHidden().shape();
            tensors.put("state." + names.get(i) + ".hidden", Safetensors.Entry.f32(s, l.hidden()));
            if (l.cell() != null) tensors.put("state." + names.get(i) + ".cell", Safetensors.Entry.f32(s, l.cell()));
        }
    }

    /** The names the model gives its recurrent layers, in order. */
    private static List<String> recurrentNames(Model m) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) if (m.layers().get(i) instanceof Recurrent) out.add(m.layerNames().get(i));
        return out;
    }

    /**
     * Restores a freshly built model's weights, optimizer and carried state from contents. Everything is
     * checked (names, shapes) before anything is written; an IllegalArgumentException says what is wrong.
     */
    public static void restore(Safetensors.Contents c, TrainState st) {
        Model m = st.model();
        List<Param> params = st.net().params();
        Map<String, String> md = c.metadata();
        if (!FORMAT.equals(md.get("seqlab.format"))) {
            throw new IllegalArgumentException("not a seqlab checkpoint (no seqlab.format " + FORMAT + " in its metadata)");
        }
        validate(md);
        for (var p : params) {
            Safetensors.Entry e = c.tensors().get(p.name());
            if (e == null) throw new IllegalArgumentException("no tensor '" + p.name() + "' for the model's parameter");
            if (!e.shape().equals(p.value().shape()) || e.f32() == null) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' has shape " + e.shape() + " (" + e.dtype()
                        + "), the model needs " + p.value().shape() + " F32");
            }
        }
        Optimizer opt = null;
        String key = null;
        TrainConfig tc = null;
        if (md.containsKey("optimizer.kind")) {
            tc = optimizerConfig(md);
            opt = Optimizers.create(st.net().backend(), params, tc);
            key = Optimizers.key(tc);
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
                Safetensors.Entry t = c.tensors().get("optim." + e.getKey());
                if (t == null || !t.shape().equals(e.getValue().shape())) {
                    throw new IllegalArgumentException("optimizer state 'optim." + e.getKey() + "' is missing or has the wrong shape");
                }
            }
        }
        List<RecurrentState.LayerState> layers = m == null ? List.of() : carriedState(c, m);
        long step = md.containsKey("step") ? parseLong(md, "step") : 0;
        List<DropoutSite> sites = st.net().dropoutSites();
        long[] seeds = dropoutSeeds(md.get("dropout.seeds"), sites.size());
        Long maskSeed = md.containsKey("masking.seed") ? parseLong(md, "masking.seed") : null;
        int optSteps = md.containsKey("optimizer.steps") ? (int) parseLong(md, "optimizer.steps") : 0;
        boolean layout = md.containsKey("batcher.key");
        long position = layout ? parseLong(md, "batcher.step") : 0;
        boolean shuffled = layout && md.containsKey("batcher.seed");
        long layoutSeed = shuffled ? parseLong(md, "batcher.seed") : 0;
        long coin = shuffled ? parseLong(md, "forcing.coin") : 0;
        List<HistoryPoint> history = md.containsKey("history") ? HistoryText.read(md.get("history")) : List.of();
        // Everything checked: now write.
        if (m != null) m.load(c.tensors(), "");
        else {
            for (Param p : params) p.value().copyFromHost(c.tensors().get(p.name()).floats());
            for (Param p : st.net().buffers()) {                    // a file written before buffers were saved keeps them as built
                Safetensors.Entry e = c.tensors().get(p.name());
                if (e != null && e.shape().equals(p.value().shape()) && e.f32() != null) p.value().copyFromHost(e.floats());
            }
        }
        if (opt != null) {
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) e.getValue().copyFromHost(c.tensors().get("optim." + e.getKey()).floats());
            opt.setSteps(optSteps);
            st.setOptimizer(opt, key, tc);
        }
        if (m != null) RecurrentState.of(layers).restore(m);
        if (seeds != null) for (int i = 0; i < seeds.length; i++) sites.get(i).seeds().setState(seeds[i]);
        st.setStep(step);
        if (shuffled) st.restoreLayout(md.get("batcher.key"), position, layoutSeed, coin);
        else if (layout) st.setBatcher(md.get("batcher.key"), position);
        if (maskSeed != null) st.setMaskSeed(maskSeed);
        st.history().clear();
        st.history().addAll(history);
    }

    /** A plain model's carried recurrent state from the file (null per layer where it has none), checked. */
    private static List<RecurrentState.LayerState> carriedState(Safetensors.Contents c, Model m) {
        List<String> names = recurrentNames(m);
        List<RecurrentState.LayerState> layers = new ArrayList<>();
        List<Recurrent> rs = m.recurrentLayers();
        for (int i = 0; i < rs.size(); i++) {
            Safetensors.Entry h = c.tensors().get("state." + names.get(i) + ".hidden");
            Safetensors.Entry cell = c.tensors().get("state." + names.get(i) + ".cell");
            if (h == null) {
                layers.add(null);
                continue;
            }
            Recurrent r = rs.get(i);
            int expect = r.layers() * (r.bidirectional() ? 2 : 1) * r.hidden();
            if (h.shape().rank() != 3 || h.shape().dim(0) * h.shape().dim(2) != expect
                    || (cell != null && !cell.shape().equals(h.shape()))) {
                throw new IllegalArgumentException("carried state 'state." + names.get(i) + "' has shape " + h.shape());
            }
            layers.add(new RecurrentState.LayerState(h.shape().dim(1), h.floats(), cell == null ? null : cell.floats()));
        }
        return layers;
    }

    /** A whole number from the metadata; an IllegalArgumentException names the key when it is not one. */
    static long parseLong(Map<String, String> md, String key) {
        try {
            return Long.parseLong(md.get(key).trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(key + " is not a whole number: '" + md.get(key) + "'");
        }
    }

    /** The state of each dropout site's seed stream, as {@code dropout.seeds} (nothing when there are no sites). */
    static void putDropoutSeeds(List<DropoutSite> sites, Map<String, String> md) {
        if (sites.isEmpty()) return;
        StringBuilder seeds = new StringBuilder();
        for (DropoutSite d : sites) seeds.append(seeds.length() == 0 ? "" : ",").append(d.seeds().state());
        md.put("dropout.seeds", seeds.toString());
    }

    /** The saved dropout seed states, or null when the file has none (written before they were kept). */
    static long[] dropoutSeeds(String text, int sites) {
        if (text == null) return null;
        String[] parts = text.isEmpty() ? new String[0] : text.split(",");
        if (parts.length != sites) {
            throw new IllegalArgumentException("dropout.seeds holds " + parts.length + " seed states, the model has "
                    + sites + " dropout sites");
        }
        long[] out = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) out[i] = Long.parseLong(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dropout.seeds is not a list of whole numbers: '" + text + "'");
        }
        return out;
    }

    /** The optimizer's hyperparameters (optimizer.* metadata) and its moments (optim.* tensors). */
    static void putOptimizer(Optimizer o, TrainConfig c, Map<String, String> md, Map<String, Safetensors.Entry> tensors) {
        md.put("optimizer.kind", c.optimizer());
        md.put("optimizer.lr", Float.toString(c.lr()));
        md.put("optimizer.beta1", Float.toString(c.beta1()));
        md.put("optimizer.beta2", Float.toString(c.beta2()));
        md.put("optimizer.momentum", Float.toString(c.momentum()));
        md.put("optimizer.nesterov", Boolean.toString(c.nesterov()));
        md.put("optimizer.weight_decay", Float.toString(Optimizers.weightDecay(c)));
        md.put("optimizer.steps", Integer.toString(o.steps()));
        for (Map.Entry<String, Tensor> e : o.state().entrySet()) {
            tensors.put("optim." + e.getKey(), Safetensors.Entry.f32(e.getValue().shape(), e.getValue().toHost()));
        }
    }

    /** A config that rebuilds the saved optimizer (files without betas get PyTorch's defaults). */
    static TrainConfig optimizerConfig(Map<String, String> md) {
        validate(md);
        return new TrainConfig(1, 1, 1, 1, number(md, "optimizer.lr"), md.get("optimizer.kind"),
                number(md, "optimizer.momentum"), Boolean.parseBoolean(md.get("optimizer.nesterov")), 0,
                number(md, "optimizer.weight_decay"), "constant", 0, 0, null, 0,
                md.containsKey("optimizer.beta1") ? number(md, "optimizer.beta1") : TrainConfig.BETA1,
                md.containsKey("optimizer.beta2") ? number(md, "optimizer.beta2") : TrainConfig.BETA2);
    }

    /** The optimizers a checkpoint may name (those {@link Optimizers#create} builds). */
    static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "rmsprop");

    /**
     * Checks the training state in a checkpoint's metadata before anything is built from it; an
     * IllegalArgumentException names the entry and says what it should be. Entries that are absent are
     * fine (older files, files written by other tools); entries that are there must make sense.
     */
    public static void validate(Map<String, String> md) {
        for (String k : List.of("step", "batcher.step")) {
            if (md.containsKey(k) && parseLong(md, k) < 0) throw new IllegalArgumentException(k + " must be 0 or more, not " + md.get(k));
        }
        if (md.containsKey("optimizer.steps")) {
            long n = parseLong(md, "optimizer.steps");
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("optimizer.steps must be from 0 to " + Integer.MAX_VALUE + ", not " + md.get("optimizer.steps"));
            }
        }
        String kind = md.get("optimizer.kind");
        if (kind == null) return;
        if (!OPTIMIZERS.contains(kind)) {
            throw new IllegalArgumentException("optimizer.kind must be one of " + String.join(", ", OPTIMIZERS) + ", not '" + kind + "'");
        }
        for (String k : List.of("optimizer.lr", "optimizer.momentum", "optimizer.weight_decay")) {
            if (!md.containsKey(k)) throw new IllegalArgumentException("optimizer." + kind + " needs " + k + " in the metadata");
            if (number(md, k) < 0) throw new IllegalArgumentException(k + " must be 0 or more, not " + md.get(k));
        }
        for (String k : List.of("optimizer.beta1", "optimizer.beta2")) {
            if (md.containsKey(k) && !(number(md, k) >= 0 && number(md, k) < 1)) {
                throw new IllegalArgumentException(k + " must be from 0 up to (not including) 1, not " + md.get(k));
            }
        }
        String nesterov = md.get("optimizer.nesterov");
        if (nesterov != null && !nesterov.equals("true") && !nesterov.equals("false")) {
            throw new IllegalArgumentException("optimizer.nesterov must be true or false, not '" + nesterov + "'");
        }
    }

    /** A finite number from the metadata; an IllegalArgumentException names the key when it is not one. */
    static float number(Map<String, String> md, String key) {
        String v = md.get(key);
        float f;
        try {
            f = Float.parseFloat(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: '" + v + "'");
        }
        if (!Float.isFinite(f)) throw new IllegalArgumentException(key + " must be a finite number, not " + v);
        return f;
    }
}
