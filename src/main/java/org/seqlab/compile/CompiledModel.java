package org.seqlab.compile;

import java.util.List;
import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Model;
import org.seqlab.nn.Trainable;

/**
 * A model definition compiled against a data shape: the runnable network (a {@link Model}, or an
 * {@link EncoderDecoder} for a definition with encoder and decoder parts), one row per layer for
 * {@code summary}, the output kind (which picks the loss), and notes for the user (how many tokens an
 * {@code embed ... from FILE} found vectors for).
 */
public record CompiledModel(Statement.ModelDef source, DataShape data, Trainable net, List<Row> rows,
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

    /** The plain model; null for an encoder-decoder. */
    public Model model() {
        return net instanceof Model m ? m : null;
    }

    /** The encoder-decoder; null for a plain model. */
    public EncoderDecoder encoderDecoder() {
        return net instanceof EncoderDecoder ed ? ed : null;
    }

    /** Whether the model has recurrent layers (an encoder-decoder counts as recurrent: clip defaults to 5). */
    public boolean recurrent() {
        return net instanceof Model m ? !m.recurrentLayers().isEmpty() : true;
    }
}
