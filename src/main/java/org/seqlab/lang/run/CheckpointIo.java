package org.seqlab.lang.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.Checker;
import org.seqlab.lang.check.Scope;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.syntax.ScriptParser;
import org.seqlab.tensor.Safetensors;
import org.seqlab.train.Checkpoint;
import org.seqlab.session.Workspace;
import org.seqlab.session.ModelSession;

/**
 * {@code save} and {@code load}, for every model kind (one writer and one reader: {@link Checkpoint}). The metadata carries what rebuilds the model without the script:
 * {@code model_name}, {@code model_source} (re-parseable), {@code data}, {@code data_kind},
 * {@code vocabulary} (JSON) and {@code tokenization}, {@code features}, {@code output_size}, {@code seed}, and for objective=masked {@code mask_rate};
 * {@link Checkpoint} adds the step, batcher position and optimizer. Loading builds everything aside and
 * touches the workspace only when all of it succeeded.
 */
final class CheckpointIo {

    private CheckpointIo() {
    }

    static String path(Value v) {
        return v instanceof Value.Str s ? s.value() : v.text();
    }

    static void save(TensorEngine engine, Statement.Save s, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        ModelSession m = TensorEngine.existing(name, ws, s);
        Map<String, String> meta = metadata(name, m);
        String file = path(s.file());
        Path target = saveTarget(s.file());
        try {
            Checkpoint.save(target, m.state, m.lastConfig(), meta);
        } catch (IOException e) {
            throw cannotSave(s.file(), e);
        } catch (IllegalArgumentException e) {
            throw RunFailure.at(s.file().span(), "cannot save " + file + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "saved %s (%,d parameters, step %d) to %s%n", name, parameters(m), m.state.step(), file);
    }

    /** What a model's checkpoint carries in its metadata besides the training state (see the class comment). */
    static Map<String, String> metadata(String name, ModelSession m) {
        DataShape d = m.compiled.data();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model_name", name);
        meta.put("model_source", ModelSource.print(m.compiled.source()));
        meta.put("data", d.dataName());
        meta.put("data_kind", d.kind().name());
        if (d.vocabulary() != null) {
            meta.put("vocabulary", d.vocabulary().toJson());
            meta.put("tokenization", d.vocabulary().kind().spelling());
        }
        meta.put("features", Integer.toString(d.features()));
        meta.put("output_size", Integer.toString(d.outputSize()));
        meta.put("seed", Long.toString(m.seed));
        if (m.maskRate() > 0) meta.put("mask_rate", Double.toString(m.maskRate()));
        if (d.sentencePairs()) meta.put("next_sentence", "true");
        return meta;
    }

    /** The number of weights of a model of any kind. */
    private static long parameters(ModelSession m) {
        long n = 0;
        for (var p : m.state.net().params()) n += p.value().size();
        return n;
    }

    /** Where a save writes, after refusing a directory or a missing folder (named, not the temporary file). */
    static Path saveTarget(Value v) {
        String file = path(v);
        Path target = Path.of(file);
        if (target.getFileName() == null || Files.isDirectory(target)) {
            throw RunFailure.at(v.span(), "cannot save to " + file + ": it is a directory",
                    "name a file in it, e.g. save \"" + (file.endsWith("/") ? file : file + "/") + "lm.safetensors\"");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw RunFailure.at(v.span(), "cannot save " + file + ": the folder " + dir + " does not exist",
                    "create it first (mkdir -p " + dir + "), or save somewhere else");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw RunFailure.at(v.span(), "cannot save to " + file + ": it is not a regular file");
        }
        return target;
    }

    /** A failed save, in words about the file asked for. */
    static RunFailure cannotSave(Value v, IOException e) {
        String file = path(v);
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() == null || e.getMessage().contains(".tmp") ? e.getClass().getSimpleName() : e.getMessage();
        return RunFailure.at(v.span(), "cannot save " + file + ": " + why);
    }

    static void load(TensorEngine engine, Statement.Load s, Workspace ws, PrintStream out) {
        String file = path(s.file());
        Path at = Path.of(file);
        if (Files.exists(at) && !Files.isRegularFile(at)) {
            // A device or a pipe could be endless, or block the session for good.
            throw RunFailure.at(s.file().span(), "cannot load " + file + ": it is not a regular file");
        }
        try {
            long size = Files.size(at), heap = Runtime.getRuntime().maxMemory();
            if (size > heap / 2) {
                throw RunFailure.at(s.file().span(), String.format(Locale.ROOT, "cannot load %s: it is %,d MB, more than"
                        + " half the Java heap (%,d MB)", file, size >> 20, heap >> 20), "give Java more memory (e.g. java -Xmx16g)");
            }
        } catch (IOException e) {
            // missing or unreadable: the read below says which
        }
        Safetensors.Contents c;
        try {
            c = Safetensors.read(at);
        } catch (IOException | RuntimeException e) {
            throw RunFailure.at(s.file().span(), "cannot load " + file + ": " + e.getMessage());
        }
        if (Thread.currentThread().isInterrupted()) {
            // Ctrl-C during the read (file reads do not stop for it): drop what was read
            throw new java.util.concurrent.CancellationException("interrupted");
        }
        if (!c.verified()) {
            out.println("note: " + file + " has no " + Safetensors.DIGEST_KEY + " checksum (written by another tool, or by an"
                    + " older seqlab), so damage to it cannot be detected");
        }
        Map<String, String> md = c.metadata();
        try {
            for (String k : List.of("model_name", "model_source", "data", "data_kind", "features", "output_size", "seed")) {
                if (!md.containsKey(k)) throw new IllegalArgumentException("its metadata has no '" + k + "'");
            }
            String name = md.get("model_name");
            if (md.get("model_source").length() > MAX_SOURCE) {
                throw new IllegalArgumentException("its model_source is " + md.get("model_source").length()
                        + " characters long; a model's source is at most " + MAX_SOURCE);
            }
            Statement.ModelDef def = parseModel(name, md.get("model_source"), file);
            Vocabulary vocab = md.containsKey("vocabulary") ? Vocabulary.fromJson(md.get("vocabulary")) : null;
            DataShape shape = new DataShape(md.get("data"), dataKind(md.get("data_kind")), vocab,
                    count(md, "features"), count(md, "output_size"), "true".equals(md.get("next_sentence")));
            long seed = whole(md, "seed");
            Checkpoint.validate(md);
            CompiledModel cm = ModelCompiler.compile(def, shape, engine.backend(), seed, false);
            ModelSession session = new ModelSession(cm, seed);
            Checkpoint.restore(c, session.state);
            if (md.containsKey("mask_rate")) session.maskRate(rate(md.get("mask_rate")));
            ws.scope().defineModel(def);
            ws.putModel(name, session);
            out.printf(Locale.ROOT, "loaded %s (%,d parameters, step %d) from %s%n", name, parameters(session),
                    session.state.step(), file);
        } catch (IllegalArgumentException | DataException | DiagnosticException e) {
            String why = e instanceof DiagnosticException d ? d.diagnostics().get(0).message() : e.getMessage();
            throw RunFailure.at(s.file().span(), "cannot load " + file + ": " + why);
        }
    }

    /** The metadata's data_kind, or an IllegalArgumentException listing the kinds there are. */
    static DataKind dataKind(String text) {
        for (DataKind k : DataKind.values()) {
            if (k.name().equals(text)) return k;
        }
        throw new IllegalArgumentException("its data_kind '" + text + "' is not one of "
                + java.util.Arrays.stream(DataKind.values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** A whole number in the metadata, or an IllegalArgumentException naming the key. */
    static long whole(Map<String, String> md, String key) {
        try {
            return Long.parseLong(md.get(key).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("its " + key + " is not a whole number: '" + md.get(key) + "'");
        }
    }

    private static double rate(String text) {
        try {
            double r = Double.parseDouble(text.strip());
            if (r >= 0 && r < 1) return r;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("its mask_rate is not a number from 0 up to 1: '" + text + "'");
    }

    /** A width in the metadata: a whole number from 0 to 2,147,483,647. */
    static int count(Map<String, String> md, String key) {
        long n = whole(md, key);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("its " + key + " is " + n + ", not a width from 0 to 2,147,483,647");
        }
        return (int) n;
    }

    /** The longest model_source a checkpoint may carry: far beyond any real model, far below a size bomb. */
    static final int MAX_SOURCE = 1 << 20;

    private static Statement.ModelDef parseModel(String name, String source, String file) {
        ScriptParser parser = new ScriptParser(StatementSpecs::expectedValue);
        List<Statement> st = new Checker(parser, new UseResolver()).check(parser.parse(file + " (model source)", source), new Scope());
        if (st.size() != 1 || !(st.get(0) instanceof Statement.ModelDef def) || !def.name().name().equals(name)) {
            throw new IllegalArgumentException("its model source does not define model '" + name + "'");
        }
        return def;
    }
}
