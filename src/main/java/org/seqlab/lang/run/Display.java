package org.seqlab.lang.run;

import java.io.PrintStream;
import org.seqlab.inspect.render.Table;
import org.seqlab.session.StatusLine;

/**
 * Where pictures, tables and the live training line go when the output stream can show more than text.
 * The terminal and batch runs print text; the Jupyter kernel gives the interpreter an output stream that
 * is also a Display, and shows each picture as an image (with its HTML view) and each table as an HTML
 * table, always with the terminal's text as the plain fallback.
 */
public interface Display {

    /**
     * Shows one of the inspect/render types ({@code Heatmap}, {@code HeatmapGrid}, {@code AttentionMap},
     * {@code TokenStrip}, {@code LinePlot}, {@link Table}); {@code text} is what the terminal would print.
     */
    void show(Object picture, boolean values, String text);

    /** The live line of a training run in the foreground, rewritten in place. */
    StatusLine progress();

    /** The display behind an output stream, or null when it takes only text. */
    static Display of(PrintStream out) {
        return out instanceof Display d ? d : null;
    }

    /** Shows the picture on a display behind {@code out}, or prints {@code text}. */
    static void show(PrintStream out, Object picture, boolean values, String text) {
        Display d = of(out);
        if (d != null) {
            d.show(picture, values, text);
        } else {
            out.print(text);
            out.flush();
        }
    }
}
