package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this machine has for the GPU tests, and the rule they follow: a missing tool (no NVIDIA driver, no g++)
 * skips the test with the reason; a tool that is there but does not work (the driver cannot open the GPU,
 * the emulator does not compile) fails it, so a broken GPU machine never passes as "all skipped".
 */
final class Machine {
    private Machine() {}

    /** Where the NVIDIA driver's libcuda.so.1 is, or null: the library path, the usual folders, then ldconfig's cache. */
    static Path cudaDriver() {
        List<String> dirs = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("LD_LIBRARY_PATH", "").split(":")) if (!d.isEmpty()) dirs.add(d);
        dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib",
                "/usr/lib/wsl/lib", "/usr/local/nvidia/lib64", "/usr/local/cuda/compat"));
        for (String d : dirs) {
            Path p = Path.of(d, "libcuda.so.1");
            if (Files.exists(p)) return p;
        }
        try {
            Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            for (String line : out.lines().toList()) {
                int arrow = line.indexOf("=> ");
                if (line.trim().startsWith("libcuda.so.1 ") && arrow > 0) return Path.of(line.substring(arrow + 3).trim());
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** True when the C++ compiler the emulator uses ($CXX, else g++) is on the PATH or given as a path. */
    static boolean hasCxx() {
        String cxx = System.getenv().getOrDefault("CXX", "g++");
        if (cxx.contains("/")) return Files.isExecutable(Path.of(cxx));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, cxx))) return true;
        }
        return false;
    }

    /** Skips when the driver is absent; fails, with why the backend did not open, when it is there. */
    static void requireGpu(boolean opened, String whyNot) {
        if (opened) return;
        Path driver = cudaDriver();
        assumeTrue(driver != null, "no NVIDIA driver on this machine (" + whyNot + ")");
        fail("the NVIDIA driver is here (" + driver + ") but the CUDA backend did not open: " + whyNot);
    }

    /** Skips when there is no C++ compiler; fails, with the compiler's log, when the emulator did not build. */
    static void requireEmulator(boolean built, String whyNot) {
        if (built) return;
        assumeTrue(hasCxx(), "no C++ compiler for the emulator (" + whyNot + ")");
        fail("a C++ compiler is here but the emulator did not build or load: " + whyNot);
    }
}
