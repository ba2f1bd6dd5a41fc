package org.seqlab.lang.run;

import java.io.PrintStream;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.data.Dataset;
import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.Model;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;
import org.seqlab.train.TrainConfig;

/**
 * What differs between the kinds of model when statements run them, and only that: which data a model learns from
 * (and which of a statement's options fit it), how {@code evaluate} scores it, what {@code inspect} shows of it, and
 * the statements made for one kind ({@code translate}; the plain model's views). The rest is written once for every
 * kind: meeting the data ({@link TensorEngine#session}, through the one {@link ModelCompiler} entry), a train run and
 * its rules (the one {@link org.seqlab.train.Trainer} loop: NaN stop, {@code log=}, clipping, every/when, Ctrl-C),
 * {@code summary}, and {@code save}/{@code load} (the one {@link org.seqlab.train.Checkpoint} writer and reader).
 * A model's kind follows from its definition: encoder and decoder parts make an encoder-decoder.
 */
sealed interface ModelKind permits PlainKind, EncoderDecoderKind {

    static ModelKind of(Statement.ModelDef def) {
        return ModelCompiler.isEncoderDecoder(def) ? EncoderDecoderKind.KIND : PlainKind.KIND;
    }

    static ModelKind of(ModelSession m) {
        return of(m.compiled.source());
    }

    /**
     * The data {@code train} runs {@code model} on ({@code data}, or the masked corpus of {@code objective=masked}),
     * after refusing data and options this kind cannot take, at their span.
     */
    Dataset trainData(Statement.Train s, Dataset data, Workspace ws, String model);

    /** The data {@code evaluate} scores {@code model} on, after refusing data this kind cannot take. */
    Dataset evaluationData(Statement.Evaluate s, Dataset data, Workspace ws, String model);

    /** Checks a run's options against the compiled model before its first step (a window longer than its positions). */
    void checkRun(Statement.Train s, ModelSession m, TrainConfig cfg);

    /** Scores the validation split in batches of {@code batch} and prints it, titled "evaluate NAME on DATA, ". */
    void evaluate(Statement.Evaluate s, String name, ModelSession m, Dataset data, int batch, PrintStream out);

    /** Whether {@code summary} can compile a model of this kind against {@code data} (the last declared that fits). */
    boolean fits(Dataset data);

    /** What {@code summary} adds under the source when no declared data fits. */
    String summaryNeeds();

    /** {@code inspect} on model {@code name} (a model is needed; {@code inspect positional} needs none). */
    void inspect(Statement.Inspect s, String name, Workspace ws, PrintStream out);

    /** {@code translate} with model {@code name}. */
    void translate(Statement.Translate s, String name, Workspace ws, PrintStream out);

    /** The plain network, for statements made for plain models (similarity, analogy, inspections of one); refuses others. */
    Model plain(ModelSession m, Statement s);
}
