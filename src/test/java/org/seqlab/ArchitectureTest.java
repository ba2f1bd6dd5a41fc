package org.seqlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (the project's ARCHITECTURE.md): only lang/syntax imports ANTLR and only repl JLine;
 * lang never imports repl or cli; the session never imports lang/run or the tools; nn, tensor and backend never import upward; the backend API never names its
 * implementations (they register through ServiceLoader), the CPU and CUDA packages never name each other, and no
 * package above backend/ names an implementation: everything gets its backend from Backends.
 */
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

    /** Files of the packages under dir whose text has one of the imports. */
    private static List<String> importing(String dir, List<String> prefixes, boolean subpackages) throws IOException {
        List<String> out = new ArrayList<>();
        Path root = Path.of("src/main/java/org/seqlab").resolve(dir);
        try (Stream<Path> files = Files.walk(root, subpackages ? Integer.MAX_VALUE : 1)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                for (String p : prefixes) if (text.contains("import " + p) || text.contains("import static " + p)) out.add(dir + "/" + f.getFileName() + " imports " + p);
            }
        }
        return out;
    }

    @Test
    void lowerLayersDoNotImportUpward() throws IOException {
        List<String> upward = List.of("org.seqlab.lang", "org.seqlab.repl", "org.seqlab.cli", "org.seqlab.kernel",
                "org.seqlab.compile", "org.seqlab.train", "org.seqlab.export", "org.seqlab.inspect", "org.seqlab.bench");
        List<String> bad = new ArrayList<>();
        for (String dir : List.of("nn", "tensor", "backend")) bad.addAll(importing(dir, upward, true));
        assertEquals(List.of(), bad);
    }

    /**
     * The session (registry of models and data, settings, background jobs) sits under the interpreter: lang/run
     * may import it, it never imports lang/run or the tools; the language's front half (syntax, AST, checker) and
     * everything under the session never import it.
     */
    @Test
    void theSessionSitsUnderTheInterpreter() throws IOException {
        List<String> bad = new ArrayList<>(importing("session", List.of("org.seqlab.lang.run", "org.seqlab.repl",
                "org.seqlab.cli", "org.seqlab.kernel"), true));
        for (String dir : List.of("lang/syntax", "lang/ast", "lang/check", "compile", "train", "nn", "data", "inspect",
                "tensor", "backend", "diag")) {
            bad.addAll(importing(dir, List.of("org.seqlab.session"), true));
        }
        assertEquals(List.of(), bad);
        assertTrue(Files.readString(Path.of("src/main/java/org/seqlab/lang/run/Interpreter.java"))
                .contains("import org.seqlab.session.Workspace;"), "the interpreter runs statements against the session");
    }

    @Test
    void exportSitsBelowTheLanguage() throws IOException {
        List<String> above = List.of("org.seqlab.lang", "org.seqlab.repl", "org.seqlab.cli", "org.seqlab.kernel");
        assertEquals(List.of(), importing("export", above, true));
    }

    /** Files under dir (its subpackages too when asked) whose text names one of the words, imported or written out. */
    private static List<String> naming(String dir, List<String> words, boolean subpackages) throws IOException {
        List<String> out = new ArrayList<>();
        Path root = Path.of("src/main/java/org/seqlab");
        try (Stream<Path> files = Files.walk(root.resolve(dir), subpackages ? Integer.MAX_VALUE : 1)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                for (String w : words) {
                    if (java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(w) + "\\b").matcher(text).find()) {
                        out.add(root.relativize(f).toString().replace('\\', '/') + " names " + w);
                    }
                }
            }
        }
        return out;
    }

    private static final List<String> CPU = List.of("org.seqlab.backend.cpu", "CpuBackend", "FastBackend", "ReferenceBackend");
    private static final List<String> CUDA = List.of("org.seqlab.backend.cuda", "CudaBackend");

    /**
     * Each simple name means one thing (issue 18): the AST's template parameter, layer line and data keyword are
     * TemplateParam, ModelItem.LayerDecl and Statement.DataDeclKind, so Param, Layer and DataKind are nn's and data's;
     * the layer specs are DenseSpec and PoolSpec beside nn's Dense and Pool. No two top-level types share a name.
     */
    @Test
    void namesThatCollidedMeanOneThing() throws IOException {
        java.util.Map<String, List<String>> declared = new java.util.TreeMap<>();
        java.util.regex.Pattern type = java.util.regex.Pattern.compile(
                "(?m)^\\s*(?:(?:public|private|protected|static|final|sealed|non-sealed|abstract)\\s+)*(?:record|class|interface|enum)\\s+(\\w+)");
        Path root = Path.of("src/main/java/org/seqlab");
        List<String> topLevel = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                String file = f.getFileName().toString().replace(".java", "");
                if (!file.equals("package-info")) topLevel.add(file);
                var m = type.matcher(Files.readString(f));
                while (m.find()) declared.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(rel);
            }
        }
        for (String name : List.of("Param", "Layer", "DataKind", "Dense", "Pool")) {
            assertEquals(1, declared.get(name).size(), name + " is declared in " + declared.get(name));
        }
        assertEquals(topLevel.size(), new java.util.HashSet<>(topLevel).size(), "top-level type names are unique");
    }

    @Test
    void theBackendApiDoesNotNameItsImplementations() throws IOException {
        List<String> both = new ArrayList<>(CPU);
        both.addAll(CUDA);
        assertEquals(List.of(), naming("backend", both, false));
        assertEquals(List.of(), naming("backend/cpu", CUDA, true));
        assertEquals(List.of(), naming("backend/cuda", CPU, true));
    }

    @Test
    void everyBackendIsRegistered() throws IOException {
        assertEquals(List.of("org.seqlab.backend.cpu.CpuProvider", "org.seqlab.backend.cpu.ReferenceProvider",
                        "org.seqlab.backend.cuda.CudaProvider"),
                Files.readAllLines(Path.of("src/main/resources/META-INF/services/org.seqlab.backend.BackendProvider")).stream()
                        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList());
    }

    @Test
    void nothingAboveTheBackendsNamesAnImplementation() throws IOException {
        List<String> words = new ArrayList<>(CPU);
        words.addAll(CUDA);
        List<String> bad = new ArrayList<>();
        Path root = Path.of("src/main/java/org/seqlab");
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!d.getFileName().toString().equals("backend")) bad.addAll(naming(d.getFileName().toString(), words, true));
            }
        }
        assertEquals(List.of(), bad);
    }

    /** The backend implementations are reached only through their providers (and so always checked): none is public. */
    @Test
    void backendImplementationsArePackagePrivate() throws IOException {
        List<String> open = new ArrayList<>();
        for (String dir : List.of("backend/cpu", "backend/cuda")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/java/org/seqlab").resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith("Backend.java")).sorted().toList()) {
                    if (Files.readString(f).matches("(?s).*\\bpublic (final |abstract )?class .*")) open.add(dir + "/" + f.getFileName());
                }
            }
        }
        assertEquals(List.of(), open);
    }

    @Test
    void onlyTheCpuBackendImportsEjml() throws IOException {
        assertEquals(List.of(), offenders("org.ejml", "backend/cpu"));
    }
}
