package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;

/**
 * Backend selection on whatever machine runs the tests: without a usable GPU, "cuda" is a one-line error
 * and "auto" falls back to the CPU with a note; with one, both give the GPU backend.
 */
class BackendsTest {
    /** Whether libcuda.so.1 sits in a directory the dynamic loader usually searches. */
    static boolean driverLibraryPresent() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) dirs.addAll(List.of(ld.split(":")));
        for (String d : dirs) if (!d.isEmpty() && Files.exists(Path.of(d, "libcuda.so.1"))) return true;
        return false;
    }

    static boolean gpuAvailable() {
        try {
            Backends.create("cuda", 1);
            return true;
        } catch (BackendException e) {
            return false;
        }
    }

    @Test void cpuIsAlwaysThere() {
        Backends.Choice c = Backends.select("cpu", 2);
        assertEquals("cpu", c.backend().name());
        assertEquals(2, c.backend().threads());
        assertNull(c.note());
    }

    @Test void unknownNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("tpu", 1));
        assertEquals("unknown backend 'tpu' (expected cpu, cuda or auto)", e.getMessage());
    }

    @Test void cudaWithoutAGpuIsOneClearLine() {
        if (gpuAvailable()) {
            assertEquals("cuda", Backends.create("cuda", 1).name());
            return;
        }
        BackendException e = assertThrows(BackendException.class, () -> Backends.create("cuda", 1));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith("backend=cuda is not available: ") && m.endsWith("; use backend=cpu"), m);
        if (!driverLibraryPresent()) {
            assertEquals("backend=cuda is not available: no NVIDIA driver found (libcuda.so.1 is missing); use backend=cpu", m);
        }
        BackendException again = assertThrows(BackendException.class, () -> Backends.create("cuda", 1));
        assertEquals(m, again.getMessage(), "the same reason the second time");
    }

    @Test void autoFallsBackToTheCpuWithANote() {
        Backends.Choice c = Backends.select("auto", 2);
        assertNotNull(c.note());
        assertFalse(c.note().contains("\n"));
        if (gpuAvailable()) {
            assertEquals("cuda", c.backend().name());
            assertTrue(c.note().startsWith("backend auto: using cuda on "), c.note());
        } else {
            assertEquals("cpu", c.backend().name());
            assertTrue(c.note().startsWith("backend auto: no usable GPU ("), c.note());
            assertTrue(c.note().endsWith("), using the CPU"), c.note());
            if (!driverLibraryPresent()) {
                assertEquals("backend auto: no usable GPU (no NVIDIA driver found (libcuda.so.1 is missing)), using the CPU", c.note());
            }
        }
    }
}
