package org.seqlab.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.seqlab.lang.run.Display;
import org.seqlab.session.StatusLine;

/**
 * The interpreter's output stream in the kernel: text goes to the running cell's stdout as it is printed,
 * whole lines at a time (a partial line, such as sampled tokens, at most ten times a second), so a long
 * statement streams without sending a message per word; pictures and tables become display_data in the
 * same cell, after the text printed before them.
 */
final class CellOutput extends PrintStream implements Display {
    private final JupyterIO io;
    private final Publisher publisher;
    private final Lines lines;

    /** Text to the cell's {@code to} stream (stdout or stderr), displays to its display stream, sent by the publisher. */
    CellOutput(JupyterIO io, PrintStream to, Publisher publisher) {
        this(io, publisher, new Lines(to, publisher));
    }

    private CellOutput(JupyterIO io, Publisher publisher, Lines lines) {
        super(lines, true, StandardCharsets.UTF_8);
        this.io = io;
        this.publisher = publisher;
        this.lines = lines;
    }

    /** Sends whatever text is held back (the cell ends, or a display follows). */
    void drain() {
        super.flush();
        lines.drain();
    }

    @Override public void show(Object picture, boolean values, String text) {
        DisplayData bundle = Bundles.of(picture, values, text);
        DisplayData view = Bundles.view(picture, values);
        drain();
        publisher.send(() -> io.display.display(bundle));
        if (view != null) publisher.send(() -> io.display.display(view));
    }

    @Override public StatusLine progress() {
        drain();
        return new LiveProgress(io.display, publisher);
    }

    /** Holds text until a line ends, or a partial line for at most a tenth of a second (checked at each flush). */
    private static final class Lines extends OutputStream {
        private final PrintStream to;
        private final Publisher publisher;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private long heldSince;

        Lines(PrintStream to, Publisher publisher) {
            this.to = to;
            this.publisher = publisher;
        }

        @Override public synchronized void write(int b) {
            if (held.size() == 0) heldSince = System.nanoTime();
            held.write(b);
        }

        @Override public synchronized void write(byte[] b, int off, int len) {
            if (held.size() == 0 && len > 0) heldSince = System.nanoTime();
            held.write(b, off, len);
        }

        @Override public synchronized void flush() {
            byte[] bytes = held.toByteArray();
            if (bytes.length == 0) return;
            if (bytes[bytes.length - 1] == '\n' || System.nanoTime() - heldSince > 100_000_000L) drain();
        }

        synchronized void drain() {
            if (held.size() == 0) return;
            byte[] bytes = held.toByteArray();
            held.reset();
            publisher.send(() -> {
                to.write(bytes, 0, bytes.length);
                to.flush();
            });
        }
    }
}
