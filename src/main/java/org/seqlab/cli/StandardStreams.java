package org.seqlab.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where seqlab's messages go, and whether this JVM can run the CPU kernels.
 *
 * <p>The JVM prints "WARNING: Using incubator modules" on its standard error before any of seqlab
 * runs, and no flag turns that off. bin/seqlab therefore gives the JVM a file as standard error
 * (shown after the run, without that line: what the JVM itself says before main or when it crashes)
 * and the real standard error as file descriptor 3, named by {@code -Dseqlab.stderr.fd=3}; this class
 * makes {@code System.err} write there. No filter process sits between seqlab and the terminal, so a
 * Ctrl-C cannot end one and a NUL byte in a message reaches the screen as it is.
 */
final class StandardStreams {

    private StandardStreams() {
    }

    /** Points System.err at the descriptor bin/seqlab names, when it names one that is open. */
    static void adopt() {
        String named = System.getProperty("seqlab.stderr.fd");
        if (named == null) return;
        try {
            int n = Integer.parseInt(named.strip());
            if (n < 3 || !Files.exists(Path.of("/proc/self/fd/" + n))) return;
            FileDescriptor fd = new FileDescriptor();
            Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);    // bin/seqlab opens java.io for this (--add-opens)
            f.setInt(fd, n);
            String enc = System.getProperty("sun.stderr.encoding");
            Charset cs = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : Charset.defaultCharset();
            System.setErr(new PrintStream(new FileOutputStream(fd), true, cs));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Keep the JVM's standard error: bin/seqlab shows it after the run.
        }
    }

    /** Whether the Vector API module, which the CPU kernels are written in, is in this JVM. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
