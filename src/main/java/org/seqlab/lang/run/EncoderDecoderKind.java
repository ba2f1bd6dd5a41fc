package org.seqlab.lang.run;

import java.io.PrintStream;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.data.TokenKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.Model;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;
import org.seqlab.train.Seq2SeqEval;
import org.seqlab.train.TrainConfig;

/**
 * A model with {@code encoder} and {@code decoder} parts, on seq2seq pairs: it trains on the target sequence (the
 * one objective there is; {@code teacher_forcing=} says what the decoder reads, see {@link TensorEngine}), evaluates by
 * token and exact-sequence accuracy, translates, and shows its cross-attention ({@link EncoderDecoderInspect}).
 */
final class EncoderDecoderKind implements ModelKind {
    static final EncoderDecoderKind KIND = new EncoderDecoderKind();

    private EncoderDecoderKind() {
    }

    /** Other data is refused by the compiler, at the model's encoder part. */
    @Override public Dataset trainData(Statement.Train s, Dataset data, Workspace ws, String model) {
        if (data.kind() != DataKind.SEQ2SEQ) return data;
        MaskedObjective.rejectForSeq2Seq(s, data);
        s.opts().arg("dropout").ifPresent(a -> {
            throw RunFailure.at(a.span(), "not available yet: dropout= when training an encoder-decoder model",
                    "declare dropout in the encoder or decoder instead");
        });
        return data;
    }

    @Override public Dataset evaluationData(Statement.Evaluate s, Dataset data, Workspace ws, String model) {
        return data;
    }

    @Override public void checkRun(Statement.Train s, ModelSession m, TrainConfig cfg) {
        // seq= does not apply: every pair is read whole
    }

    @Override public void evaluate(Statement.Evaluate s, String name, ModelSession m, Dataset data, int batch, PrintStream out) {
        Seq2SeqEval.Scores r = Seq2SeqEval.evaluate(m.encoderDecoder(), (ExampleSet) data, Split.VALIDATION, batch);
        out.print("evaluate " + name + " on " + data.name() + ", validation: " + r.format());
    }

    @Override public boolean fits(Dataset data) {
        return data.kind() == DataKind.SEQ2SEQ;
    }

    @Override public String summaryNeeds() {
        return "(output shapes and parameter counts need seq2seq data: declare a task such as task reverse length=10)";
    }

    @Override public void inspect(Statement.Inspect s, String name, Workspace ws, PrintStream out) {
        ModelSession m = TensorEngine.existing(name, ws, s);
        int layer = (int) s.opts().number("layer").orElse(1);
        InspectCommand.show(InspectCommand.guarded(s.span(), () -> EncoderDecoderInspect.picture(s, m, layer)), s.output(),
                s.opts().has("values"), out);
    }

    @Override public void translate(Statement.Translate s, String name, Workspace ws, PrintStream out) {
        ModelSession session = ws.model(name);
        if (session == null) {
            throw RunFailure.at(s.span(), "model '" + name + "' has not met any data yet", "train it first: train " + name + " on DATA");
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
        int[] ids = Seq2SeqEval.translate(session.encoderDecoder(), src, v.id(Vocabulary.BOS), v.id(Vocabulary.EOS),
                (int) s.opts().number("max").orElse(2 * src.length + 10));    // the spec's computed default
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (sb.length() > 0 && v.kind() == TokenKind.WORD) sb.append(' ');
            sb.append(v.token(id));
        }
        out.println(sb);
    }

    @Override public Model plain(ModelSession m, Statement s) {
        throw RunFailure.at(s.span(), "not available yet: '" + s.keyword() + "' on an encoder-decoder model",
                "inspect attention on \"...\" shows where each output token looked in the source");
    }
}
