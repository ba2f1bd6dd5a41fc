package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.Summary;
import org.seqlab.inspect.render.Table;

/**
 * The summary and evaluate reports as {@link Table}s for a {@link Display} (an HTML table in Jupyter);
 * the terminal keeps printing the text of {@link Summary} and {@code Metrics.format()}.
 */
final class Tables {

    private Tables() {
    }

    /** Prints the model summary, or shows it as a table where the output can. */
    static void summary(PrintStream out, String name, DataShape data, List<CompiledModel.Row> rows) {
        String text = Summary.table(name, data, rows);
        if (Display.of(out) == null) {
            out.print(text);
            return;
        }
        List<List<String>> cells = new ArrayList<>();
        long total = 0;
        for (CompiledModel.Row r : rows) {
            cells.add(List.of(r.name(), r.kind(), r.outputShape(), String.format(Locale.ROOT, "%,d", r.params())));
            total += r.params();
        }
        Table t = new Table("model " + name + " on " + data.describe(), List.of("layer", "kind", "output shape", "params"), cells,
                List.of(String.format(Locale.ROOT, "total parameters: %,d", total), "T = time steps, B = batch"));
        Display.show(out, t, false, text);
    }

    /**
     * Prints an evaluate report ({@code title}, then the "split: N targets" line and indented "name value"
     * lines of Metrics.format()), or shows it as a two-column table where the output can.
     */
    static void metrics(PrintStream out, String title, String formatted) {
        String text = title + formatted;
        if (Display.of(out) == null) {
            out.print(text);
            return;
        }
        List<List<String>> cells = new ArrayList<>();
        String[] lines = formatted.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] kv = lines[i].strip().split("\\s{2,}", 2);
            cells.add(List.of(kv[0], kv.length > 1 ? kv[1] : ""));
        }
        Display.show(out, new Table(title + lines[0], List.of("metric", "value"), cells), false, text);
    }
}
