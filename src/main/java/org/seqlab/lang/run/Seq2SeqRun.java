package org.seqlab.lang.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.Seq2SeqCompiler;
import org.seqlab.data.DataKind;
import org.seqlab.data.DataException;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.data.Vocabulary;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.tensor.Safetensors;
import org.seqlab.train.Checkpoint;
import org.seqlab.train.Forcing;
import org.seqlab.train.Seq2SeqEval;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.Trainer;
import org.seqlab.session.Workspace;
import org.seqlab.session.ModelSession;

/**
 * {@code train}, {@code evaluate} and {@code translate} for encoder-decoder models on seq2seq data. The model's
 * state lives under the same workspace key as a plain model's ("model:NAME", so redefining the model drops it),
 * in the same {@link ModelSession}. Options: {@code teacher_forcing=1.0} (default) | a ratio | {@code 0} (free running) |
 * {@code scheduled}; clip defaults to 5 (recurrent models, as char-rnn). A train block's {@code every}/{@code when}
 * rules run between steps as for other models; their {@code val_accuracy} is the exact-sequence accuracy. A train
 * statement becomes a {@link TrainRun}, so it runs in the foreground or as the REPL's background job as plain models do.
 * {@code save}/{@code load} keep weights, optimizer, step, batcher position and teacher-forcing coin in the one {@link Checkpoint} format.
 */
final class Seq2SeqRun {

    private Seq2SeqRun() {
    }

    static boolean isEncoderDecoder(String name, Workspace ws) {
        Statement.ModelDef def = ws.scope().models().get(name);
        return def != null && Seq2SeqCompiler.isEncoderDecoder(def);
    }

    private static ModelSession session(TensorEngine engine, String name, ExampleSet data, Workspace ws, Statement at) {
        DataShape shape = DataShape.of(data);
        ModelSession had = ws.model(name);
        if (had != null && had.encoderDecoder() != null) {
            if (had.compiled.data().vocabulary().equals(shape.vocabulary())) return had;
            if (had.state.step() > 0) {
                throw RunFailure.at(at.span(), "model '" + name + "' was trained on " + had.compiled.data().describe() + "; "
                        + shape.describe() + " does not fit it", "define a new model for these data");
            }
        }
        long seed = TensorEngine.seed(ws);
        ModelSession s = new ModelSession(Seq2SeqCompiler.compile(ws.scope().models().get(name), shape, engine.backend(), seed), seed);
        ws.putModel(name, s);
        return s;
    }

    /**
     * A train statement on seq2seq data made ready up to its first step (the model met with its data, the
     * optimizer kept or made), to run in the foreground or as the REPL's background job. The session's step
     * moves with every step taken, so a stopped or failed run leaves it saying which weights it holds.
     */
    static TrainRun prepare(TensorEngine engine, Statement.Train s, Dataset data, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        if (!isEncoderDecoder(name, ws)) {
            throw RunFailure.at(s.data().span(), data.name() + " is seq2seq data: it needs an encoder-decoder model",
                    "model t { encoder { embed 32; layer gru(hidden=64) }; decoder { embed 32; layer gru(hidden=64); attention over=encoder; output softmax } }");
        }
        ExampleSet examples = (ExampleSet) data;
        ModelSession session = session(engine, name, examples, ws, s);
        ws.scope().setCurrent(name);
        TrainConfig cfg = TrainOptions.from(s.opts(), TensorEngine.seed(ws), true);
        session.state.optimizerFor(cfg);
        session.lastConfig(cfg);
        Forcing forcing = forcing(s);
        TrainRun.Body body = (progress, hook, stop) ->
                new Trainer(session.state, examples, cfg, progress, hook, stop).forcing(forcing).run();
        return new TrainRun(name, s, body, (st, o) -> engine.runRule(st, ws, o));
    }

    private static Forcing forcing(Statement.Train s) {
        var v = s.opts().value("teacher_forcing");
        if (v.isEmpty()) return new Forcing(1, false);
        if (v.get() instanceof Value.Num n) return new Forcing(n.value(), false);
        return new Forcing(1, true);
    }

    static void evaluate(TensorEngine engine, Statement.Evaluate s, Dataset data, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        if (!isEncoderDecoder(name, ws)) {
            throw RunFailure.at(s.data().span(), data.name() + " is seq2seq data: it needs an encoder-decoder model");
        }
        ModelSession session = session(engine, name, (ExampleSet) data, ws, s);
        int batch = (int) s.opts().number("batch").orElse(session.lastConfig() != null ? session.lastConfig().batch() : 32);
        Seq2SeqEval.Scores r = Seq2SeqEval.evaluate(session.encoderDecoder(), (ExampleSet) data, Split.VALIDATION, batch);
        out.print("evaluate " + name + " on " + data.name() + ", validation: " + r.format());
    }

    /** The summary table: of the trained model, else compiled against the last seq2seq data declared. */
    static void summary(TensorEngine engine, Statement.Summary s, String name, Workspace ws, PrintStream out) {
        ModelSession session = ws.model(name) != null && ws.model(name).encoderDecoder() != null ? ws.model(name) : null;
        if (session == null) {
            List<Statement.DataDecl> decls = new ArrayList<>(ws.scope().data().values());
            Collections.reverse(decls);
            for (Statement.DataDecl d : decls) {
                Dataset data;
                try {
                    data = EngineData.declared(d, ws, TensorEngine.seed(ws));
                } catch (DataException e) {
                    throw RunFailure.at(d.span(), e.getMessage());
                }
                if (data.kind() == DataKind.SEQ2SEQ) {
                    session = session(engine, name, (ExampleSet) data, ws, s);
                    break;
                }
            }
            if (session == null) {
                out.print(ModelPrinter.print(ws.scope().models().get(name)));
                out.println("(output shapes and parameter counts need seq2seq data: declare a task such as task reverse length=10)");
                return;
            }
        }
        Tables.summary(out, name, session.compiled.data(), session.compiled.rows());
    }

    /** {@code save} of a trained encoder-decoder: weights, optimizer, step, and what rebuilds it (as CheckpointIo's). */
    static void save(Statement.Save s, String name, ModelSession session, Workspace ws, PrintStream out) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model_name", name);
        meta.put("model_source", ModelSource.print(ws.scope().models().get(name)));
        meta.put("data", session.compiled.data().dataName());
        meta.put("data_kind", session.compiled.data().kind().name());
        meta.put("vocabulary", session.compiled.data().vocabulary().toJson());
        meta.put("tokenization", session.compiled.data().vocabulary().kind().spelling());
        meta.put("features", "0");
        meta.put("output_size", Integer.toString(session.compiled.data().outputSize()));
        meta.put("seed", Long.toString(session.seed));
        String file = CheckpointIo.path(s.file());
        Path target = CheckpointIo.saveTarget(s.file());
        try {
            Checkpoint.save(target, session.state, session.lastConfig(), meta);
        } catch (IOException e) {
            throw CheckpointIo.cannotSave(s.file(), e);
        } catch (IllegalArgumentException e) {
            throw RunFailure.at(s.file().span(), "cannot save " + file + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "saved %s (%,d parameters, step %d) to %s%n", name, parameters(session), session.state.step(), file);
    }

    /** {@code load} of an encoder-decoder checkpoint whose model and shape CheckpointIo has read. */
    static void load(TensorEngine engine, Statement.ModelDef def, DataShape shape, long seed, Safetensors.Contents c,
                     String file, Workspace ws, PrintStream out) {
        String name = def.name().name();
        ModelSession session = new ModelSession(Seq2SeqCompiler.compile(def, shape, engine.backend(), seed), seed);
        Checkpoint.restore(c, session.state);
        ws.scope().defineModel(def);
        ws.putModel(name, session);
        out.printf(Locale.ROOT, "loaded %s (%,d parameters, step %d) from %s%n", name, parameters(session), session.state.step(), file);
    }

    private static long parameters(ModelSession s) {
        long n = 0;
        for (var p : s.encoderDecoder().params()) n += p.value().size();
        return n;
    }

    static void translate(Statement.Translate s, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        ModelSession session = ws.model(name);
        if (session == null || session.encoderDecoder() == null) {
            throw RunFailure.at(s.span(), isEncoderDecoder(name, ws) ? "model '" + name + "' has not met any data yet"
                    : "translate needs an encoder-decoder model; '" + name + "' has no encoder and decoder parts",
                    isEncoderDecoder(name, ws) ? "train it first: train " + name + " on DATA" : null);
        }
        Vocabulary v = session.compiled.data().vocabulary();
        String text = s.text() instanceof Value.Str str ? str.value() : s.text().text();
        int[] src;
        try {
            src = v.encodeStrict(text);
        } catch (DataException e) {
            throw RunFailure.at(s.text().span(), e.getMessage(), e.hint());
        }
        if (src.length == 0) throw RunFailure.at(s.text().span(), "nothing to translate", null);
        int[] ids = Seq2SeqEval.translate(session.encoderDecoder(), src, v.id(Vocabulary.BOS), v.id(Vocabulary.EOS), 2 * src.length + 10);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (sb.length() > 0 && v.kind() == org.seqlab.data.TokenKind.WORD) sb.append(' ');
            sb.append(v.token(id));
        }
        out.println(sb);
    }
}
