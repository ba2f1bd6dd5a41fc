package org.seqlab.lang.run;

import java.io.PrintStream;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.nn.Model;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;
import org.seqlab.train.Evaluator;
import org.seqlab.train.Metrics;
import org.seqlab.train.TrainConfig;

/** A model without encoder and decoder parts: next-token, masked, classification, labelling or regression data. */
final class PlainKind implements ModelKind {
    static final PlainKind KIND = new PlainKind();

    private PlainKind() {
    }

    @Override public Dataset trainData(Statement.Train s, Dataset data, Workspace ws, String model) {
        if (data.kind() == DataKind.SEQ2SEQ) {
            MaskedObjective.rejectForSeq2Seq(s, data);
            throw needsEncoderDecoder(s.data(), data);
        }
        return MaskedObjective.forTrain(s, data, ws, model);
    }

    @Override public Dataset evaluationData(Statement.Evaluate s, Dataset data, Workspace ws, String model) {
        if (data.kind() == DataKind.SEQ2SEQ) throw needsEncoderDecoder(s.data(), data);
        return MaskedObjective.forEvaluate(data, ws, model);
    }

    private static RunFailure needsEncoderDecoder(org.seqlab.lang.ast.Value at, Dataset data) {
        return RunFailure.at(at.span(), data.name() + " is seq2seq data: it needs an encoder-decoder model",
                "model t { encoder { embed 32; layer gru(hidden=64) }; decoder { embed 32; layer gru(hidden=64); attention over=encoder; output softmax } }");
    }

    @Override public void checkRun(Statement.Train s, ModelSession m, TrainConfig cfg) {
        Windows.check(m.state.model(), cfg.seq(), s);
    }

    @Override public void evaluate(Statement.Evaluate s, String name, ModelSession m, Dataset data, int batch, PrintStream out) {
        // the last run's window, else train's default seq= (within what the model can see)
        int seq = m.lastConfig() != null ? m.lastConfig().seq()
                : Windows.fit(m.state.model(), (int) StatementSpecs.defaultNumber("train", "seq"));
        Metrics r;
        try {
            r = Evaluator.evaluate(m.state.model(), m.state.kind(), m.state.outputKind(), data, Split.VALIDATION, batch, seq);
        } catch (DataException e) {
            throw RunFailure.at(s.span(), e.getMessage());
        }
        Tables.metrics(out, "evaluate " + name + " on " + data.name() + ", ", r.format());
        if (data instanceof ExampleSet set && set.kind() == DataKind.REGRESSION) {
            CourseViews.regressionBaselines(set, r.mse(), out);
        }
    }

    @Override public boolean fits(Dataset data) {
        return true;
    }

    @Override public String summaryNeeds() {
        return "(output shapes and parameter counts need data: declare a corpus or task, or train the model)";
    }

    @Override public void inspect(Statement.Inspect s, String name, Workspace ws, PrintStream out) {
        InspectCommand.inspectPlain(s, ws, out);
    }

    @Override public void translate(Statement.Translate s, String name, Workspace ws, PrintStream out) {
        throw RunFailure.at(s.span(), "translate needs an encoder-decoder model; '" + name + "' has no encoder and decoder parts");
    }

    @Override public Model plain(ModelSession m, Statement s) {
        return m.state.model();
    }
}
