package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only backend/cuda imports JCuda, and nothing outside it names the package, so the CPU path never loads it. */
class CudaIsolationTest {
    @Test void onlyTheCudaPackageTouchesJcuda() throws IOException {
        Path root = Path.of("src/main/java/org/seqlab");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').startsWith("backend/cuda/"))
                    .filter(p -> {
                        try {
                            String s = Files.readString(p);
                            return s.contains("import jcuda") || s.contains("import org.seqlab.backend.cuda");
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString()).toList();
            assertEquals(List.of(), offenders);
        }
    }
}
