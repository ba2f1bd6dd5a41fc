package org.seqlab.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.LayerSpecException;

/**
 * Compiling, step 2 of 3: the width of the tensor between every two layers of a {@link LayerPlan}, now that
 * the data's vocabulary (V) or feature width (F) is known, and each layer's parameter count, all checked
 * (positive widths, heads that divide the width, the whole model within the heap) before anything is
 * allocated. Activations are (T, B, width) for every step of a batch of B sequences of T steps, or (B, width)
 * from the pool on (one answer per sequence); the summary rows say which.
 *
 * @param inWidths the input width of each of the plan's steps: the input's (embed's dim, V for one-hot, F for
 *                 features) for the first, the step before's output for the others
 * @param outputIn the output layer's input width: the last step's output
 * @param rows     the summary: name, what was written, output shape and parameters, one row per layer
 */
record Shapes(int[] inWidths, int outputIn, List<CompiledModel.Row> rows) {

    static Shapes infer(LayerPlan plan, DataShape data, String modelName) {
        List<CompiledModel.Row> rows = new ArrayList<>();
        LayerPlan.Input in = plan.input();
        int width = in != null ? in.dim() : data.features();
        long total = 0;
        if (in != null) {
            // embed: a (V, dim) table, trained unless frozen; one-hot: no parameters.
            total = in.embed() && !in.frozen() ? (long) data.vocabulary().size() * in.dim() : 0;
            rows.add(new CompiledModel.Row(in.kind(), describe(in), shape(false, width), total));
        }
        int[] inWidths = new int[plan.steps().size()];
        boolean perSequence = false;
        for (int i = 0; i < inWidths.length; i++) {
            LayerPlan.Step s = plan.steps().get(i);
            inWidths[i] = width;
            try {
                long params = s.spec().paramCount(width);
                width = s.spec().outputWidth(width);
                total += params;
                LayerSpec.checkFits(total, "with " + s.name() + " (" + s.kind() + ") the model");
                perSequence |= s.spec() instanceof LayerSpec.PoolSpec;
                rows.add(new CompiledModel.Row(s.name(), s.kind(), shape(perSequence, width), params));
            } catch (LayerSpecException e) {
                throw ModelCompiler.error(s.span(), e.getMessage(), null);
            }
        }
        LayerSpec.OutputSpec output = plan.output();
        try {
            output.outputWidth(width);
            long params = output.paramCount(width);
            total += params;
            rows.add(new CompiledModel.Row("output", "output " + output.kind().name().toLowerCase(Locale.ROOT),
                    shape(perSequence, output.size()), params));
            LayerSpec.checkFits(total, "model '" + modelName + "'");
        } catch (LayerSpecException e) {
            throw ModelCompiler.error(plan.outputSpan(), e.getMessage(), null);
        }
        return new Shapes(inWidths, width, List.copyOf(rows));
    }

    /** The input's summary text: "embed 64 from glove.txt freeze", "onehot (implicit)". */
    private static String describe(LayerPlan.Input in) {
        String text = in.kind() + (in.line() == null ? " (implicit)" : "") + (in.embed() ? " " + in.dim() : "");
        if (in.line() != null && in.line().args().value("from").isPresent()) {
            text += " from " + in.line().args().value("from").get().text();
        }
        return text + (in.frozen() ? " freeze" : "");
    }

    private static String shape(boolean perSequence, int width) {
        return perSequence ? "(B, " + width + ")" : "(T, B, " + width + ")";
    }
}
