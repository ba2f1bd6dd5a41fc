package org.seqlab.compile;

import java.util.List;
import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;

/**
 * A model definition compiled against a data shape: the runnable {@link Model}, one row per layer for
 * {@code summary}, the output kind (which picks the loss), and notes for the user (how many tokens an
 * {@code embed ... from FILE} found vectors for).
 */
public record CompiledModel(Statement.ModelDef source, DataShape data, Model model, List<Row> rows,
                            LayerSpec.OutputKind outputKind, int outputSize, List<String> notes) {

    public CompiledModel {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** One line of the summary table: the layer's name in the model, its kind as written, its output shape. */
    public record Row(String name, String kind, String outputShape, long params) {
    }

    public String name() {
        return source.name().name();
    }

    public boolean recurrent() {
        return !model.recurrentLayers().isEmpty();
    }
}
