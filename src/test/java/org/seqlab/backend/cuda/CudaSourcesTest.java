package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA C sources compile with nvcc (where nvcc exists) to the PTX that is committed, so the shipped
 * kernels are the reviewed sources. Slow (nvcc takes seconds per file); run with mvn -Pslow verify.
 */
@Tag("slow")
class CudaSourcesTest {
    static Path nvcc() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/local/cuda/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvcc"))) return Path.of(dir, "nvcc");
        }
        return null;
    }

    @Test void sourcesCompileToTheCommittedPtx(@TempDir Path out) throws IOException, InterruptedException {
        Path nvcc = nvcc();
        assumeTrue(nvcc != null, "nvcc not found");
        Path src = Path.of("src/main/cuda");
        TreeSet<String> modules = new TreeSet<>();
        for (Kernel k : Kernel.values()) modules.add(k.module);
        List<String> stale = new ArrayList<>();
        for (String m : modules) {
            Path ptx = out.resolve(m + ".ptx");
            Process p = new ProcessBuilder(nvcc.toString(), "-ptx", "-arch=compute_80", "-std=c++17", "-I", src.toString(),
                    "-o", ptx.toString(), src.resolve(m + ".cu").toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "nvcc " + m + ".cu:\n" + log);
            String built = Files.readString(ptx), committed = PtxResourcesTest.ptx(m);
            if (sameCompiler(built, committed) && !built.equals(committed)) stale.add(m + ".ptx");
        }
        assertEquals(List.of(), stale, "committed PTX differs from the sources: run tools/cuda/build_ptx.sh");
    }

    /** The "Cuda compilation tools, release ..." header line: only the same nvcc gives byte-identical PTX. */
    private static boolean sameCompiler(String a, String b) {
        return release(a).equals(release(b));
    }

    private static String release(String ptx) {
        for (String line : ptx.lines().limit(10).toList()) if (line.contains("compilation tools")) return line;
        return "";
    }
}
