package org.seqlab.compile;

import java.util.List;
import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;

/**
 * A model definition compiled against a data shape: the runnable {@link Model}, one row per layer for
 * {@code summary}, and the output kind (which picks the loss).
 */
public record CompiledModel(Statement.ModelDef source, DataShape data, Model model, List<Row> rows,
                            LayerSpec.OutputKind outputKind, int outputSize) {

    public CompiledModel {
        rows = List.copyOf(rows);
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
