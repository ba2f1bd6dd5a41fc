package org.seqlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs seqlab again in a JVM started with the flags it needs (those of bin/seqlab), for a plain
 * {@code java -jar seqlab.jar}: the Vector API module can only be added on the command line. The
 * child shares this process's standard input and output; its standard error passes through here
 * without the JVM's incubator warning. Ctrl-C goes to both processes: this one ignores it and the
 * child decides. Returns the child's exit code.
 */
final class Relaunch {

    /** The flags bin/seqlab gives the JVM (the reasons are in bin/seqlab). */
    static final List<String> FLAGS = org.seqlab.backend.JvmFlags.forKernels();

    private static final String WARNING = "WARNING: Using incubator modules";

    private Relaunch() {
    }

    static int withFlags(String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-XX:SharedArchiveFile")) {
                cmd.add(a);    // the user's -Xmx, -D ... go along
            }
        }
        cmd.addAll(FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(Arrays.asList(args));
        Process child;
        try {
            child = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            System.err.println("seqlab: cannot start java with the flags the CPU kernels need (" + e.getMessage()
                    + "); run bin/seqlab, or java " + String.join(" ", FLAGS) + " -jar seqlab.jar");
            return Main.RUN_ERROR;
        }
        org.seqlab.session.Interrupts.always(() -> { });    // the child answers Ctrl-C
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        Thread copy = new Thread(() -> copyErrors(child.getErrorStream(), System.err), "seqlab-stderr");
        copy.start();
        while (true) {
            try {
                int code = child.waitFor();
                copy.join();
                System.err.flush();
                return code;
            } catch (InterruptedException e) {
                // keep waiting: the child decides when the run ends
            }
        }
    }

    /** Copies the child's standard error, dropping the JVM's incubator warning (its first line). */
    static void copyErrors(InputStream from, OutputStream to) {
        try (from) {
            byte[] warning = WARNING.getBytes(StandardCharsets.US_ASCII);
            int matched = 0;
            int b = from.read();
            while (b != -1 && matched < warning.length && b == warning[matched]) {
                matched++;
                b = from.read();
            }
            if (matched == warning.length) {
                while (b != -1 && b != '\n') b = from.read();    // the rest of the warning line
            } else {
                to.write(warning, 0, matched);    // not the warning: pass on what was held back
                if (b != -1) to.write(b);
                to.flush();
            }
            byte[] buf = new byte[8192];
            for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the child is gone
        }
    }
}
