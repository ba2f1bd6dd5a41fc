package org.seqlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only lang/syntax imports ANTLR and only repl imports JLine; lang never imports repl or cli. */
class ArchitectureTest {

    private static List<String> offenders(String importPrefix, String allowedPackageDir) throws IOException {
        List<String> out = new ArrayList<>();
        Path root = Path.of("src/main/java/org/seqlab");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (allowedPackageDir != null && rel.startsWith(allowedPackageDir + "/")) {
                    continue;
                }
                if (Files.readString(f).contains("import " + importPrefix)) {
                    out.add(rel);
                }
            }
        }
        return out;
    }

    @Test
    void onlySyntaxImportsAntlr() throws IOException {
        assertEquals(List.of(), offenders("org.antlr", "lang/syntax"));
    }

    @Test
    void onlyReplImportsJline() throws IOException {
        assertEquals(List.of(), offenders("org.jline", "repl"));
    }

    @Test
    void langDoesNotImportTheTools() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String p : List.of("org.seqlab.repl", "org.seqlab.cli")) {
            offenders(p, null).stream().filter(f -> f.startsWith("lang/")).forEach(bad::add);
        }
        assertEquals(List.of(), bad);
    }
}
