package org.seqlab.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Examples;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.Split;
import org.seqlab.data.TokenStream;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;
import org.seqlab.nn.Trainable;
import org.seqlab.train.Forcing;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.train.Optimizers;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.TrainState;

/**
 * {@code export pytorch "DIR/" training}: the folder that continues a training run in PyTorch. Beside the checkpoint
 * seqlab's {@code save} writes there ({@link #CHECKPOINT}), it holds the module ({@link #MODULE}, from
 * {@link PytorchModule}), the token ids seqlab trains on ({@link #DATA}: {@code train} and {@code validation} as
 * I64 tensors, the vocabulary in the metadata), the run's options ({@link #RUN}: batch layout, optimizer, schedule
 * and where the run stands in it, clipping, validation) and {@code train.py} with {@code feeds.py} and
 * {@code seqlab_io.py}, fixed scripts (resources beside this class) that read them: one process with {@code python3 train.py}, DistributedDataParallel under {@code torchrun}.
 * It writes back a checkpoint in seqlab's layout, which {@code load} accepts.
 *
 * <p>Four feeds are written: a model trained on a corpus (the stream feed: truncated BPTT over B contiguous
 * streams; with {@code objective=masked} the masked feed: the same windows, each batch masked as seqlab's
 * {@link MaskedLm} masks it), on an example set (shuffled padded batches: classification, regression, labelling) and an
 * encoder-decoder on seq2seq pairs (shuffled batches, teacher forcing at the run's ratio or schedule, the coin's
 * state in the checkpoint); {@link #refusal} says why another run is not. Every option of the train statement that
 * changes the run goes into run.json ({@link #runJson}); dropout's masks are PyTorch's own there.
 */
public final class TrainingExport {
    public static final String MODULE = "model.py", CHECKPOINT = "checkpoint.safetensors", DATA = "data.safetensors",
            RUN = "run.json", SCRIPT = "train.py";
    /** The fixed Python files (resources beside this class): the run, its batches, seqlab's file layout. */
    static final List<String> SCRIPTS = List.of(SCRIPT, "feeds.py", "seqlab_io.py");

    /**
     * What the folder is written from.
     *
     * @param net           the network trained: a plain {@link Model} or an {@link EncoderDecoder}
     * @param data          the data set the run trains on, as this session holds it (null when it holds none)
     * @param evaluateBatch batch of seqlab's {@code evaluate} after a {@code load} (its default)
     * @param evaluateSeq   seq of seqlab's {@code evaluate} after a {@code load} (the model's longest window up to 64)
     * @param dropout       the run's {@code dropout=} (every dropout site at that rate), NaN when it kept the model's rates
     */
    public record Run(String modelName, Trainable net, TrainState state, TrainConfig config, Dataset data,
                      int evaluateBatch, int evaluateSeq, float dropout) {
    }

    private TrainingExport() {
    }

    /** Why this run cannot be exported with its training yet (a sentence), or null when it can. */
    public static String refusal(Run r) {
        if (r.net() instanceof Model m && m.nextSentence() != null) {
            return "objective=masked+next_sentence runs do not export with their training yet";
        }
        if (r.net() instanceof EncoderDecoder) {
            if (!(r.data() instanceof ExampleSet set) || set.kind() != DataKind.SEQ2SEQ) return "its seq2seq data is not in this session";
            return null;
        }
        if (r.data() instanceof ExampleSet set) return examplesRefusal(set, r.state().outputKind());
        if (!(r.data() instanceof Corpus)) return "the data it trained on is not in this session";
        if (((Model) r.net()).outputLayer() == null) return "the model has no output layer to train";
        return null;
    }

    /** Example sets train batch by batch; these data kinds with these outputs have train.py's loss. */
    private static String examplesRefusal(ExampleSet set, LayerSpec.OutputKind out) {
        boolean fits = switch (set.kind()) {
            case CLASSIFICATION -> out == LayerSpec.OutputKind.SOFTMAX || out == LayerSpec.OutputKind.SIGMOID;
            case REGRESSION -> out == LayerSpec.OutputKind.LINEAR;
            case SEQUENCE_LABELLING, NEXT_TOKEN -> out == LayerSpec.OutputKind.SOFTMAX;
            default -> false;
        };
        return fits ? null : set.kind().words() + " with a " + out.name().toLowerCase(Locale.ROOT)
                + " output does not export with its training yet";
    }

    /** The module's text: a plain model's, or an encoder-decoder's with its {@code <bos>} and {@code <eos>}. */
    static String module(Run r) {
        if (r.net() instanceof Model m) return PytorchModule.source(r.modelName(), m, CHECKPOINT);
        Vocabulary v = r.data().vocabulary();
        return PytorchModule.source(r.modelName(), (EncoderDecoder) r.net(), CHECKPOINT, v.bosId(), v.eosId());
    }

    /** Writes the checkpoint into the folder (as seqlab's {@code save}, which lives above this package). */
    public interface CheckpointWriter {
        void write(Path file) throws IOException;
    }

    /**
     * Creates dir and writes the folder into it; returns the files. The module's text is made first, so a model
     * that does not export (an {@link ExportRefusal} naming the layer) leaves nothing behind.
     */
    public static List<String> write(Path dir, Run r, CheckpointWriter checkpoint) throws IOException {
        String why = refusal(r);
        if (why != null) throw new IllegalArgumentException(why);
        String module = module(r);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MODULE), module, StandardCharsets.UTF_8);
        checkpoint.write(dir.resolve(CHECKPOINT));
        if (r.data() instanceof Corpus c) writeData(dir.resolve(DATA), c);
        else if (r.net() instanceof EncoderDecoder) writeData(dir.resolve(DATA), (ExampleSet) r.data());
        else writeExamples(dir.resolve(DATA), (ExampleSet) r.data());
        Files.writeString(dir.resolve(RUN), runJson(r), StandardCharsets.UTF_8);
        for (String f : SCRIPTS) Files.writeString(dir.resolve(f), script(f), StandardCharsets.UTF_8);
        List<String> files = new java.util.ArrayList<>(List.of(MODULE, CHECKPOINT, DATA, RUN));
        files.addAll(SCRIPTS);
        return files;
    }

    /** The train and validation token ids (I64), and the vocabulary and data name in the metadata. */
    static void writeData(Path file, Corpus c) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        t.put("train", ids(c.train()));
        t.put("validation", ids(c.validation()));
        Map<String, String> md = new LinkedHashMap<>();
        md.put("data", c.name());
        md.put("vocabulary", c.vocabulary().toJson());
        Safetensors.write(file, t, md);
    }

    /**
     * Seq2seq pairs of both splits, each as flat token ids with offsets ({@code train.source}, {@code
     * train.source_offsets}: example e's source is source[offsets[e]:offsets[e+1]]; likewise {@code target}).
     */
    static void writeData(Path file, ExampleSet set) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
            Examples ex = set.examples(split);
            String name = split.name().toLowerCase(Locale.ROOT);
            int n = ex.size();
            int[][] src = new int[n][], tgt = new int[n][];
            for (int e = 0; e < n; e++) {
                src[e] = java.util.Arrays.copyOf(ex.input(e), ex.length(e));
                tgt[e] = ex.targets(e);
            }
            ragged(t, name + ".source", src);
            ragged(t, name + ".target", tgt);
        }
        Map<String, String> md = new LinkedHashMap<>();
        md.put("data", set.name());
        md.put("vocabulary", set.vocabulary().toJson());
        Safetensors.write(file, t, md);
    }

    /**
     * Examples of both splits: {@code train.input} (token ids, or {@code train.features} as F32, flat over the steps)
     * with {@code train.input_offsets} in steps, per-step targets where the data has them ({@code train.target}, the
     * same offsets; -1 where nothing is asked), {@code train.label} and {@code train.value} per example.
     */
    static void writeExamples(Path file, ExampleSet set) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
            Examples ex = set.examples(split);
            String name = split.name().toLowerCase(Locale.ROOT);
            int n = ex.size(), d = ex.featureSize();
            int[][] in = new int[n][], tgt = new int[n][];
            long[] labels = new long[n];
            float[] values = new float[n];
            long steps = 0;
            for (int e = 0; e < n; e++) {
                in[e] = d == 0 ? java.util.Arrays.copyOf(ex.input(e), ex.length(e)) : new int[ex.length(e)];
                tgt[e] = ex.targets(e) == null ? new int[0] : java.util.Arrays.copyOf(ex.targets(e), ex.length(e));
                labels[e] = ex.label(e);
                values[e] = ex.value(e);
                steps += ex.length(e);
            }
            ragged(t, name + ".input", in);
            if (d > 0) {
                float[] f = new float[(int) steps * d];
                int at = 0;
                for (int e = 0; e < n; e++) {
                    System.arraycopy(ex.features(e), 0, f, at, ex.length(e) * d);
                    at += ex.length(e) * d;
                }
                t.put(name + ".features", Safetensors.Entry.f32(Shape.of((int) steps, d), f));
            }
            if (n > 0 && ex.targets(0) != null) ragged(t, name + ".target", tgt);
            t.put(name + ".label", Safetensors.Entry.i64(Shape.of(n), labels));
            t.put(name + ".value", Safetensors.Entry.f32(Shape.of(n), values));
        }
        Map<String, String> md = new LinkedHashMap<>();
        md.put("data", set.name());
        if (set.vocabulary() != null) md.put("vocabulary", set.vocabulary().toJson());
        Safetensors.write(file, t, md);
    }

    private static void ragged(Map<String, Safetensors.Entry> out, String name, int[][] rows) {
        long[] offsets = new long[rows.length + 1];
        for (int i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + rows[i].length;
        long[] flat = new long[(int) offsets[rows.length]];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < rows[i].length; j++) flat[(int) offsets[i] + j] = rows[i][j];
        out.put(name, Safetensors.Entry.i64(Shape.of(flat.length), flat));
        out.put(name + "_offsets", Safetensors.Entry.i64(Shape.of(offsets.length), offsets));
    }

    private static Safetensors.Entry ids(TokenStream s) {
        int[] a = s.toArray();
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) l[i] = a[i];
        return Safetensors.Entry.i64(Shape.of(a.length), l);
    }

    /** The run's options as train.py reads them (every default already applied, as seqlab's run used them). */
    static String runJson(Run r) {
        TrainConfig c = r.config();
        TrainState st = r.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.modelName());
        m.put("module", MODULE);
        m.put("checkpoint", CHECKPOINT);
        m.put("data", DATA);
        boolean pairs = r.net() instanceof EncoderDecoder;
        m.put("feed", pairs ? "seq2seq" : r.data() instanceof Corpus corpus ? (corpus.maskRate() > 0 ? "masked" : "stream") : "examples");
        m.put("data_kind", r.data().kind().name().toLowerCase(Locale.ROOT));
        m.put("output", st.outputKind().name().toLowerCase(Locale.ROOT));
        m.put("batcher_key", st.batcherKey());
        m.put("batch", c.batch());
        m.put("seq", c.seq());
        m.put("optimizer", c.optimizer());
        m.put("lr", c.lr());
        m.put("beta1", c.beta1());
        m.put("beta2", c.beta2());
        m.put("eps", 1e-8f);
        m.put("momentum", c.momentum());
        m.put("nesterov", c.nesterov());
        m.put("weight_decay", Optimizers.weightDecay(c));
        m.put("clip", c.clip());
        m.put("schedule", c.schedule());
        m.put("warmup", c.warmup());
        m.put("val_every", c.validateEvery());
        m.put("val_batches", c.valBatches());
        m.put("val_budget", c.valBudget());
        m.put("dropout", Float.isNaN(r.dropout()) ? null : r.dropout());
        m.put("seed", c.seed());
        m.put("run_step", st.runStep());
        m.put("run_total", st.runTotal());
        m.put("evaluate_batch", r.evaluateBatch());
        m.put("evaluate_seq", r.evaluateSeq());
        if (r.data() instanceof ExampleSet set) {
            Vocabulary v = set.vocabulary();
            m.put("pad", v == null ? 0 : Math.max(0, v.padId()));
            m.put("features", set.featureSize());
        }
        if (r.data() instanceof Corpus corpus && corpus.maskRate() > 0) masking(m, corpus);
        if (pairs) {
            Vocabulary v = r.data().vocabulary();
            m.put("bos", v.bosId());
            m.put("eos", v.eosId());
            Forcing f = st.runForcing();
            m.put("teacher_forcing", f.scheduled() ? "scheduled" : f.ratio());
        }
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ").append(value(e.getValue()));
            sb.append(++i < m.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * objective=masked: what {@link MaskedLm} masks with (train.py's feeds.MaskedLm draws the same masks from the
     * checkpoint's {@code masking.seed} and batch position): the rate, the {@code <mask>} id, the ids never chosen,
     * and the ordinary ids a chosen position may become, given as the vocabulary's size and the ids that are not.
     */
    private static void masking(Map<String, Object> m, Corpus c) {
        MaskedLm lm = new MaskedLm(c.vocabulary(), c.maskRate(), 0);
        java.util.Set<Integer> ordinary = new java.util.HashSet<>();
        for (int id : lm.ordinary()) ordinary.add(id);
        List<Integer> special = new java.util.ArrayList<>();
        for (int id = 0; id < c.vocabulary().size(); id++) if (!ordinary.contains(id)) special.add(id);
        m.put("mask_rate", c.maskRate());
        m.put("mask_id", lm.maskId());
        m.put("mask_never", java.util.Arrays.stream(lm.neverChosen()).boxed().toList());
        m.put("mask_not_drawn", special);
        m.put("vocabulary_size", c.vocabulary().size());
    }

    private static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return quote(s);
        if (v instanceof Float f) return Float.toString(f).replace("E", "e");  // shortest text that reads back as the same float
        return v.toString().toLowerCase(Locale.ROOT);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A fixed Python file, the same for every export (train.py reads run.json). */
    static String script(String name) throws IOException {
        try (InputStream in = TrainingExport.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException(name + " is missing from seqlab's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
