package org.seqlab.repl;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jline.reader.LineReader;

/**
 * A stream for another thread's output (the training job's progress and the inspections it serves)
 * that hands each complete line to JLine's {@link LineReader#printAbove}, so it appears above the
 * prompt and whatever is being typed is redrawn intact. Partial lines wait for their newline.
 */
final class AboveOutput extends OutputStream {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    AboveOutput(Consumer<String> lines) {
        this.lines = lines;
    }

    static PrintStream above(LineReader reader) {
        return new PrintStream(new AboveOutput(reader::printAbove), true, StandardCharsets.UTF_8);
    }

    @Override public synchronized void write(int b) {
        if (b == '\n') {
            String line = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        } else {
            pending.write(b);
        }
    }

    @Override public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }
}
