package org.seqlab.lang.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.compile.Seq2SeqCompiler;
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
import org.seqlab.train.TrainState;

/**
 * {@code save} and {@code load}. The metadata carries what rebuilds the model without the script:
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
        if (ws.engineState().get(ModelSession.key(name)) instanceof ModelSession ed && ed.encoderDecoder() != null) {
            Seq2SeqRun.save(s, name, ed, ws, out);
            return;
        }
        ModelSession m = TensorEngine.existing(name, ws, s);
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
        if (m.maskRate > 0) meta.put("mask_rate", Double.toString(m.maskRate));
        String file = path(s.file());
        try {
            Checkpoint.save(Path.of(file), m.state, m.lastConfig, meta);
        } catch (IOException | RuntimeException e) {
            throw RunFailure.at(s.file().span(), "cannot save " + file + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "saved %s (%,d parameters, step %d) to %s%n", name, m.state.model().parameterCount(),
                m.state.step(), file);
    }

    static void load(TensorEngine engine, Statement.Load s, Workspace ws, PrintStream out) {
        String file = path(s.file());
        Safetensors.Contents c;
        try {
            c = Safetensors.read(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw RunFailure.at(s.file().span(), "cannot load " + file + ": " + e.getMessage());
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
            DataShape shape = new DataShape(md.get("data"), DataKind.valueOf(md.get("data_kind")), vocab,
                    Integer.parseInt(md.get("features")), Integer.parseInt(md.get("output_size")));
            long seed = Long.parseLong(md.get("seed"));
            Checkpoint.validate(md);
            if (Seq2SeqCompiler.isEncoderDecoder(def)) {
                Seq2SeqRun.load(engine, def, shape, seed, c, file, ws, out);
                return;
            }
            CompiledModel cm = ModelCompiler.compile(def, shape, engine.backend(), seed, false);
            TrainState st = new TrainState(cm.model(), shape.kind(), cm.outputKind());
            Checkpoint.restore(c, st);
            ModelSession session = new ModelSession(cm, st, seed);
            if (md.containsKey("mask_rate")) session.maskRate = Double.parseDouble(md.get("mask_rate"));
            ws.scope().defineModel(def);
            ws.engineState().put(ModelSession.key(name), session);
            out.printf(Locale.ROOT, "loaded %s (%,d parameters, step %d) from %s%n", name, cm.model().parameterCount(), st.step(), file);
        } catch (IllegalArgumentException | DataException | DiagnosticException e) {
            String why = e instanceof DiagnosticException d ? d.diagnostics().get(0).message() : e.getMessage();
            throw RunFailure.at(s.file().span(), "cannot load " + file + ": " + why);
        }
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
