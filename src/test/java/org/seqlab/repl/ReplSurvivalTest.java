package org.seqlab.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.TensorEngine;
import org.seqlab.session.Workspace;

/**
 * The REPL survives anything: every failure, from a bad file name to an internal error or running
 * out of memory, prints one message in the usual format, and the session, its models and their
 * weights are as they were. Ctrl-C ends a long statement, not the session.
 */
class ReplSurvivalTest {

    private static final String SETUP = "set seed=7\ncorpus elman sentences=400 seed=3\n"
            + "model lm { embed 8; layer lstm(hidden=16); output softmax }\n"
            + "train lm on elman steps=3 batch=4 seq=16 validate=1000\n";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** What one entry printed. */
    private String entry(Repl repl, String text) {
        int from = bytes.size();
        repl.handle(text);
        return bytes.toString(StandardCharsets.UTF_8).substring(from);
    }

    @Test
    void failedStatementsLeaveTheModelAndItsWeightsAsTheyWere(@TempDir Path dir) throws IOException {
        Interpreter interp = new Interpreter(new TensorEngine(), out);
        Repl repl = new Repl(interp, out, out);
        repl.handle(SETUP);
        String evaluate = entry(repl, "evaluate lm on elman");
        assertTrue(evaluate.startsWith("evaluate lm on elman, validation"), evaluate);
        Path before = dir.resolve("before.safetensors");
        entry(repl, "save \"" + before + "\"");
        Workspace ws = interp.workspace();
        List<Statement.ModelDef> models = List.copyOf(ws.scope().models().values());

        Path missing = dir.resolve("no/such/folder/lm.safetensors");
        Map<String, String> failures = new java.util.LinkedHashMap<>();
        failures.put("load \"/\"", """
                repl:1:6: error: '/' is a directory, not a checkpoint file
                  load "/"
                       ^~~
                  hint: e.g. load "lm.safetensors"
                """);
        failures.put("load \"/dev/zero\"", """
                repl:1:6: error: '/dev/zero' is not a regular file (a device or a pipe?)
                  load "/dev/zero"
                       ^~~~~~~~~~~
                  hint: load reads checkpoint files written by save
                """);
        failures.put("load \"a\0b\"", """
                repl:1:6: error: a file name cannot contain a NUL character
                  load "a\\0b"
                       ^~~~~~
                  hint: remove the \\0 from the name
                """);
        failures.put("model lm { repeat 1000000000 { layer lstm(hidden=8) } }", """
                repl:1:19: error: model 'lm' has 1,000,000,000 layers once its repeats are unrolled (at most 10,000)
                  model lm { repeat 1000000000 { layer lstm(hidden=8) } }
                                    ^~~~~~~~~~
                  hint: use fewer or smaller repeats
                """);
        failures.put("model lm { embed 8; layer lstm(hidden=2147483648); output softmax }", """
                repl:1:39: error: hidden must be a positive whole number up to 2,147,483,647, not 2147483648
                  model lm { embed 8; layer lstm(hidden=2147483648); output softmax }
                                                        ^~~~~~~~~~
                """);
        failures.put("train lm on elman lr=1e999", """
                repl:1:22: error: lr must be a number greater than 0 and at most about 1.8e308, not 1e999
                  train lm on elman lr=1e999
                                       ^~~~~
                """);
        failures.put("save \"/\"", """
                repl:1:6: error: cannot save to /: it is a directory
                  save "/"
                       ^~~
                  hint: name a file in it, e.g. save "/lm.safetensors"
                """);
        failures.put("save \"" + missing + "\"", "repl:1:6: error: cannot save " + missing + ": the folder "
                + missing.getParent() + " does not exist\n");
        failures.put("use \"../../etc/passwd\"", """
                repl:1:5: error: use takes seqlab sources (.seq files), not '../../etc/passwd'
                  use "../../etc/passwd"
                      ^~~~~~~~~~~~~~~~~~
                  hint: e.g. use "my.seq"
                """);
        failures.put("corpus c = \"a\\0b.txt\"", """
                repl:1:14: error: unknown escape '\\0' in a string
                  corpus c = "a\\0b.txt"
                               ^~
                  hint: the escapes are \\" \\\\ \\n \\t; write \\\\ for a backslash
                """);
        failures.put("train lm on copy", """
                repl:1:13: error: 'copy' is a built-in task, not declared in this session
                  train lm on copy
                              ^~~~
                  hint: declare it first: task copy
                """);
        for (var f : failures.entrySet()) {
            String said = entry(repl, f.getKey());
            assertTrue(said.startsWith(f.getValue()), "after " + f.getKey() + ":\n" + said);
        }

        assertEquals(models, List.copyOf(interp.workspace().scope().models().values()));
        assertEquals(evaluate, entry(repl, "evaluate lm on elman"));
        Path after = dir.resolve("after.safetensors");
        entry(repl, "save \"" + after + "\"");
        assertArrayEquals(Files.readAllBytes(before), Files.readAllBytes(after), "the weights are untouched");
    }

    @Test
    void theBuiltInCorpusIsNamedAfterAResetAndLoad(@TempDir Path dir) {
        Interpreter interp = new Interpreter(new TensorEngine(), out);
        Repl repl = new Repl(interp, out, out);
        repl.handle(SETUP);
        Path file = dir.resolve("big.safetensors");
        repl.handle("save \"" + file + "\"");
        repl.handle(":reset");
        repl.handle("load \"" + file + "\"");
        assertEquals("""
                repl:1:13: error: 'elman' is a built-in corpus, not declared in this session
                  train lm on elman steps=1
                              ^~~~~
                  hint: declare it first: corpus elman   (or with options: corpus elman sentences=5000 seed=1)
                """, entry(repl, "train lm on elman steps=1"));
    }

    /** An engine that fails inside, as a bug or the JVM would. */
    private static final class BrokenEngine implements Engine {
        @Override public void sample(Statement.Sample s, Workspace ws, PrintStream out) {
            ws.settings().clear();
            throw new NullPointerException("boom");
        }

        @Override public void evaluate(Statement.Evaluate s, Workspace ws, PrintStream out) {
            ws.scope().models().clear();
            throw new OutOfMemoryError("Java heap space");
        }

        @Override public void plot(Statement.Plot s, Workspace ws, PrintStream out) {
            throw new StackOverflowError();
        }
    }

    @Test
    void internalFailuresPrintOneMessageAndChangeNothing() {
        Interpreter interp = new Interpreter(new BrokenEngine(), out);
        Repl repl = new Repl(interp, out, out);
        repl.handle("model m { embed 8; layer lstm(hidden=4); output softmax }\nset seed=3");
        Workspace before = interp.workspace();
        assertEquals("""
                repl:1:1: error: internal error (NullPointerException) while running 'sample'; nothing changed
                  sample 10
                  ^~~~~~~~~
                  hint: this is a bug in seqlab: please report it with the statement you ran
                """, entry(repl, "sample 10"));
        String oom = entry(repl, "evaluate m on \"x.txt\"");
        assertTrue(oom.startsWith("repl:1:1: error: out of memory while running 'evaluate' (the Java heap holds at most "), oom);
        assertTrue(oom.endsWith("); nothing changed\n  evaluate m on \"x.txt\"\n  ^~~~~~~~~~~~~~~~~~~~~\n"
                + "  hint: use a smaller model, batch or file, or give Java more memory (e.g. java -Xmx8g)\n"), oom);
        assertTrue(entry(repl, "plot loss").startsWith(
                "repl:1:1: error: too deeply nested to handle while running 'plot' (stack overflow); nothing changed\n"));
        assertEquals(before, interp.workspace(), "the failed statements' copies were dropped");
        assertEquals("3", interp.workspace().settings().get("seed").text());
        assertEquals(List.of("m"), List.copyOf(interp.workspace().scope().models().keySet()));
        assertTrue(entry(repl, ":models").contains("* model m: 3 layers"), "the session goes on");
    }

    @Test
    void ctrlCEndsALongSampleAndTheSessionGoesOn() throws InterruptedException {
        Interpreter interp = new Interpreter(new TensorEngine(), out);
        Repl repl = new Repl(interp, out, out);
        repl.handle(SETUP);
        String evaluate = entry(repl, "evaluate lm on elman");
        int from = bytes.size();
        Thread typing = new Thread(() -> repl.handle("sample 100000000"));
        typing.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (bytes.size() < from + 200) {
            Thread.sleep(5);    // some tokens are out
            assertTrue(System.nanoTime() < deadline && typing.isAlive(), "the sample never got going: " + output().substring(from));
        }
        repl.interruptForeground();
        typing.join(60_000);
        assertFalse(typing.isAlive(), "the sample ended");
        String said = output().substring(from);
        assertTrue(said.contains("\ninterrupting (Ctrl-C)\n"), said);
        assertTrue(said.endsWith("""
                repl:1:1: error: 'sample' interrupted (Ctrl-C); nothing changed
                  sample 100000000
                  ^~~~~~~~~~~~~~~~
                """), said);
        assertEquals(evaluate, entry(repl, "evaluate lm on elman"), "the next statement runs, uninterrupted");
        repl.interruptForeground();    // nothing running: nothing to say
        assertEquals(evaluate, entry(repl, "evaluate lm on elman"));
    }

    @Test
    void anInterruptedEvaluateOrLoadEndsAndChangesNothing(@TempDir Path dir) {
        Interpreter interp = new Interpreter(new TensorEngine(), out);
        Repl repl = new Repl(interp, out, out);
        repl.handle(SETUP);
        String evaluate = entry(repl, "evaluate lm on elman");
        Path file = dir.resolve("lm.safetensors");
        entry(repl, "save \"" + file + "\"");
        Thread.currentThread().interrupt();    // as Ctrl-C does to the thread running a statement
        String said = entry(repl, "evaluate lm on elman");
        Thread.currentThread().interrupt();
        said += entry(repl, "load \"" + file + "\"");
        Thread.interrupted();
        assertEquals("""
                repl:1:1: error: 'evaluate' interrupted (Ctrl-C); nothing changed
                  evaluate lm on elman
                  ^~~~~~~~~~~~~~~~~~~~
                repl:1:1: error: 'load' interrupted (Ctrl-C); nothing changed
                  load "%s"
                  ^%s
                """.formatted(file, "~".repeat(file.toString().length() + 6)), said);
        assertEquals(evaluate, entry(repl, "evaluate lm on elman"));
    }

    @Test
    void settingTheSameBackendAgainStartsNoThreads() {
        Interpreter interp = new Interpreter(new TensorEngine(), out);
        Repl repl = new Repl(interp, out, out);
        repl.handle("set backend=cpu");
        long before = cpuThreads();
        for (int i = 0; i < 300; i++) {
            repl.handle("set backend=cpu");
        }
        assertEquals(before, cpuThreads());
        assertTrue(output().endsWith("backend = cpu\n"), output());
    }

    private static long cpuThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("seqlab-cpu-")).count();
    }
}
