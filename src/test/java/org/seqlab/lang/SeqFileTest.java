package org.seqlab.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.RunFailure;

/**
 * Runs every .seq file under src/test/resources/seq. Expectations are comments in the file:
 * {@code # expect: TEXT} for each output line, in order; {@code # error: LINE:COL MESSAGE} for each
 * diagnostic (FILE:LINE:COL for one in another file). {@code # engine: none} runs on the engine of
 * this build (Engine.NONE) instead of the recording one.
 */
class SeqFileTest {

    static final Path DIR = Path.of("src/test/resources/seq");

    @TestFactory
    Stream<DynamicTest> seqFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".seq") && !p.toString().contains("/lib/")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(DIR.relativize(f).toString(), () -> run(f)));
    }

    private static void run(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> expectOut = new ArrayList<>();
        List<String> expectErr = new ArrayList<>();
        boolean none = false;
        for (String line : text.split("\n")) {
            int at = line.indexOf("# expect: ");
            if (at >= 0) {
                expectOut.add(line.substring(at + "# expect: ".length()).strip());
            }
            at = line.indexOf("# error: ");
            if (at >= 0) {
                expectErr.add(line.substring(at + "# error: ".length()).strip());
            }
            none |= line.contains("# engine: none");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Interpreter interp = new Interpreter(none ? Engine.NONE : new RecordingEngine(), out,
                new UseResolver(List.of(Path.of("").toAbsolutePath())));
        interp.setFeedback(true);
        List<String> errors = new ArrayList<>();
        String name = file.toAbsolutePath().toString();
        try {
            interp.run(name, text);
        } catch (DiagnosticException e) {
            e.diagnostics().forEach(d -> errors.add(describe(d, name)));
        } catch (RunFailure e) {
            e.diagnostics().forEach(d -> errors.add(describe(d, name)));
        }
        List<String> got = bytes.toString(StandardCharsets.UTF_8).lines().map(String::strip).toList();
        assertEquals(String.join("\n", expectErr), String.join("\n", errors), "diagnostics of " + file);
        assertEquals(String.join("\n", expectOut), String.join("\n", got), "output of " + file);
    }

    private static String describe(Diagnostic d, String mainFile) {
        String where = d.span().line() + ":" + d.span().column();
        if (!d.span().file().equals(mainFile)) {
            where = Path.of(d.span().file()).getFileName() + ":" + where;
        }
        return where + " " + d.message();
    }
}
