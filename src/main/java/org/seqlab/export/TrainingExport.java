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
import org.seqlab.data.TokenStream;
import org.seqlab.nn.Model;
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
 * and where the run stands in it, clipping, validation) and {@code train.py}, a fixed script (a resource beside this
 * class) that reads them: one process with {@code python3 train.py}, DistributedDataParallel under {@code torchrun}.
 * It writes back a checkpoint in seqlab's layout, which {@code load} accepts.
 *
 * <p>Only a next-token model trained on a corpus (the stream feed: truncated BPTT over B contiguous streams) is
 * written so far; {@link #refusal} says why another run is not.
 */
public final class TrainingExport {
    public static final String MODULE = "model.py", CHECKPOINT = "checkpoint.safetensors", DATA = "data.safetensors",
            RUN = "run.json", SCRIPT = "train.py";

    /**
     * What the folder is written from.
     *
     * @param evaluateBatch batch of seqlab's {@code evaluate} after a {@code load} (its default)
     * @param evaluateSeq   seq of seqlab's {@code evaluate} after a {@code load} (the model's longest window up to 64)
     */
    public record Run(String modelName, Model model, TrainState state, TrainConfig config, Corpus corpus,
                      int evaluateBatch, int evaluateSeq) {
    }

    private TrainingExport() {
    }

    /** Why this run cannot be exported with its training yet (a sentence), or null when it can. */
    public static String refusal(Run r) {
        if (r.corpus() == null) return "only runs on a corpus (next-token training by truncated BPTT) export with their training so far";
        if (r.corpus().maskRate() > 0) return "objective=masked runs do not export with their training yet";
        if (r.model().outputLayer() == null) return "the model has no output layer to train";
        return null;
    }

    /** Writes the checkpoint into the folder (as seqlab's {@code save}, which lives above this package). */
    public interface CheckpointWriter {
        void write(Path file) throws IOException;
    }

    /**
     * Creates dir and writes the folder into it; returns the files. The module's text is made first, so a model
     * that does not export (an IllegalArgumentException naming the layer) leaves nothing behind.
     */
    public static List<String> write(Path dir, Run r, CheckpointWriter checkpoint) throws IOException {
        String why = refusal(r);
        if (why != null) throw new IllegalArgumentException(why);
        String module = PytorchModule.source(r.modelName(), r.model(), CHECKPOINT);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MODULE), module, StandardCharsets.UTF_8);
        checkpoint.write(dir.resolve(CHECKPOINT));
        writeData(dir.resolve(DATA), r.corpus());
        Files.writeString(dir.resolve(RUN), runJson(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SCRIPT), script(), StandardCharsets.UTF_8);
        return List.of(MODULE, CHECKPOINT, DATA, RUN, SCRIPT);
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
        m.put("feed", "stream");
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
        m.put("run_step", st.runStep());
        m.put("run_total", st.runTotal());
        m.put("evaluate_batch", r.evaluateBatch());
        m.put("evaluate_seq", r.evaluateSeq());
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ").append(value(e.getValue()));
            sb.append(++i < m.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
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

    /** train.py, the same for every export (it reads run.json). */
    static String script() throws IOException {
        try (InputStream in = TrainingExport.class.getResourceAsStream("train.py")) {
            if (in == null) throw new IOException("train.py is missing from seqlab's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
