package org.seqlab.kernel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.seqlab.lang.run.Display;
import org.seqlab.lang.run.StatusLine;

/**
 * The interpreter's output stream in the kernel: text goes to the running cell's stdout stream as it is
 * printed (each line flushes), pictures and tables become display_data in the same cell, after the text
 * printed before them.
 */
final class CellOutput extends PrintStream implements Display {
    private final JupyterIO io;

    CellOutput(JupyterIO io) {
        super(io.out, true, StandardCharsets.UTF_8);
        this.io = io;
    }

    @Override public void show(Object picture, boolean values, String text) {
        flush();
        io.display.display(Bundles.of(picture, values, text));
    }

    @Override public StatusLine progress() {
        flush();
        return new LiveProgress(io.display);
    }
}
