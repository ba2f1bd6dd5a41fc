package org.seqlab.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags the CPU kernels want, for the JVMs seqlab starts itself (a plain {@code java -jar} relaunched, the
 * Jupyter kernel); bin/seqlab sets the same ones, and says why for each.
 */
public final class JvmFlags {
    private JvmFlags() {}

    private static final List<String> ALWAYS = List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC",
            "-XX:PerBytecodeTrapLimit=100", "-XX:PerMethodTrapLimit=10000", "-Xss8m", "-XX:MaxNewSize=128m");

    /** Where Linux says whether a process may ask for transparent huge pages: "[always]", "[madvise]" or "[never]". */
    static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /** ALWAYS, plus -XX:+UseTransparentHugePages where the system lets the heap have huge pages. */
    public static List<String> forKernels() {
        List<String> flags = new ArrayList<>(ALWAYS);
        if (hugePagesOnRequest(THP)) flags.add("-XX:+UseTransparentHugePages");
        return List.copyOf(flags);
    }

    /**
     * Whether the setting in file allows huge pages on request ("[always]" or "[madvise]" chosen); false where the
     * file is missing (not Linux) or says "[never]", where the JVM would only print a warning about the flag.
     */
    static boolean hugePagesOnRequest(Path file) {
        try {
            String s = Files.readString(file);
            return s.contains("[always]") || s.contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
