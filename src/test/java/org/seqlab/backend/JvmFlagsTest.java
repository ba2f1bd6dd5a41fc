package org.seqlab.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernels' JVM flags ask for transparent huge pages only where Linux grants them on request. */
class JvmFlagsTest {
    @Test
    void hugePagesOnlyWhereTheSystemGrantsThem(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("enabled");
        Files.writeString(f, "always [madvise] never\n");
        assertTrue(JvmFlags.hugePagesOnRequest(f));
        Files.writeString(f, "[always] madvise never\n");
        assertTrue(JvmFlags.hugePagesOnRequest(f));
        Files.writeString(f, "always madvise [never]\n");
        assertFalse(JvmFlags.hugePagesOnRequest(f), "the JVM would only warn");
        assertFalse(JvmFlags.hugePagesOnRequest(dir.resolve("missing")), "not Linux");
    }

    @Test
    void theVectorModuleAndTheTrapLimitsAreAlwaysThere() {
        assertEquals(JvmFlags.hugePagesOnRequest(JvmFlags.THP), JvmFlags.forKernels().contains("-XX:+UseTransparentHugePages"));
        assertTrue(JvmFlags.forKernels().containsAll(java.util.List.of("--add-modules", "jdk.incubator.vector",
                "-XX:PerBytecodeTrapLimit=100", "-XX:PerMethodTrapLimit=10000", "-XX:+UseSerialGC", "-XX:MaxNewSize=128m")));
    }
}
