package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: modes and exit codes (0 ok, 64 usage, 65 script error, 70 run error). */
class MainTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("--version"));
        assertTrue(out().startsWith("seqlab "));
        assertEquals(0, run("--help"));
        assertTrue(out().contains("exit codes"));
    }

    @Test
    void badUsageIs64() {
        assertEquals(64, run("--frobnicate"));
        assertEquals(64, run("-e"));
        assertEquals(64, run("--check"));
        assertEquals(64, run("no/such/file.seq"));
        assertTrue(err().contains("no such file: no/such/file.seq"), err());
    }

    @Test
    void errorsFoundBeforeRunningAre65(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.seq");
        Files.writeString(f, "model m { lstm 0 }\ntrian m\n");
        assertEquals(65, run(f.toString()));
        assertTrue(err().contains("bad.seq:1:16: error: hidden must be a positive whole number, not 0"), err());
        assertTrue(err().contains("bad.seq:2:1: error: unknown statement 'trian'"), err());
        assertFalse(err().contains("Exception"), err());
        assertEquals(65, run("--check", f.toString()));
    }

    @Test
    void scriptsThatAreNoUtf8TextSaySo(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("wide.seq");
        Files.write(f, "model m { embed 4 }\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals(64, run(f.toString()));
        assertEquals("seqlab: " + f + " looks like UTF-16 text; save it as UTF-8\n", err());
        assertEquals(64, run(dir.toString()));
        assertTrue(err().endsWith("seqlab: " + dir + " is not a regular file\n"), err());
    }

    @Test
    void checkOnlyChecks(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ok.seq");
        Files.writeString(f, "model m { embed 4 }\ntrain m on corpus.txt\n");
        assertEquals(0, run("--check", f.toString()));
        assertTrue(out().contains("ok.seq: ok"), out());
    }

    @Test
    void runtimeErrorsAre70() {
        assertEquals(70, run("-e", "model m { embed 4 }; train m on corpus.txt"));
        assertTrue(err().contains("<command line>:1:33: error: file not found: corpus.txt"), err());
    }

    @Test
    void dashERunsStatements() {
        assertEquals(0, run("-e", "model m { embed 4; layer gru(hidden=3) }; summary"));
        assertTrue(out().contains("gru hidden=3"), out());
    }

    @Test
    void quickstartChecks() {
        assertEquals(0, run("--check", "scripts/quickstart.seq"));
    }

    @Test
    void teachingScriptsCheck() {
        for (String s : new String[] {"elman_words", "forget_gate", "counting", "attention_reverse"}) {
            assertEquals(0, run("--check", "scripts/" + s + ".seq"), s + ": " + err());
        }
    }

    @Test
    void benchWithoutAModelIsUsage() {
        assertEquals(64, run("bench"));
        assertTrue(err().contains("lstm"), err());
    }

    @Test
    void pipedReplUsesStdin() {
        int code = Main.run(new String[0], new ByteArrayInputStream("model m { embed 8 }\nsummary\n".getBytes()),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out().contains("embed dim=8"), out());
    }

    @Test
    void internalFailuresPrintOneLineUnlessDebugging() {
        Main.Hooks.failNext = true;
        assertEquals(70, run("-e", "set seed=1"));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().contains("internal error") && err().contains("--debug"), err());
        errBytes.reset();
        Main.Hooks.failNext = true;
        assertEquals(70, run("--debug", "-e", "set seed=1"));
        assertTrue(err().contains("at org.seqlab"), err());
    }
}
