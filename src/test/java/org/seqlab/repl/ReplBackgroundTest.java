package org.seqlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.seqlab.session.Background;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.TensorEngine;

/** The REPL's side of background training: the commands, Ctrl-C, and output printed above the prompt. */
class ReplBackgroundTest {
    private static final String SETUP = "set seed=7\ncorpus elman sentences=400 seed=3\n"
            + "model lm {\n  embed 8\n  layer lstm(hidden=16)\n  output softmax\n}\n";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream jobBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final PrintStream job = new PrintStream(jobBytes, true, StandardCharsets.UTF_8);
    private final Repl repl = new Repl(new Interpreter(new TensorEngine(), out), out, out);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String jobOutput() {
        return jobBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pauseInspectAndCtrlCOnAnEmptyLineStopTheJob() throws InterruptedException {
        Background bg = repl.runInBackground(job, job);
        repl.handle(":pause");
        assertTrue(output().contains("nothing is training"), output());
        repl.handle(SETUP);
        repl.handle("train lm on elman steps=1000000 batch=4 seq=8 validate=1000000");
        assertTrue(output().contains("training lm in the background: :pause, :resume, :stop, or Ctrl-C"), output());
        repl.handle(":pause");
        assertTrue(output().contains("pausing lm at the next step boundary"), output());
        assertTrue(bg.awaitHeld(60, TimeUnit.SECONDS));
        repl.handle("inspect hidden layer=1 on \"boy eat cookie .\"");
        assertTrue(bg.awaitHeld(60, TimeUnit.SECONDS));
        assertTrue(jobOutput().contains("hidden state, layer 1"), jobOutput());
        repl.handle("train lm on elman steps=5");
        assertTrue(output().contains("lm is training; :stop it first"), output());
        repl.handle(":reset");
        assertTrue(output().contains(":stop it first"), output());
        repl.interrupted("inspect hid");
        assertTrue(bg.running(), "Ctrl-C with a typed line only clears it");
        repl.handle(":resume");
        repl.interrupted("");
        assertTrue(output().contains("stopping lm at the next step boundary"), output());
        assertTrue(bg.await(60, TimeUnit.SECONDS));
        assertTrue(jobOutput().matches("(?s).*stopped at step \\d+; weights kept.*"), jobOutput());
        assertFalse(bg.running());
    }

    @Test
    void aboveOutputHandsOverWholeLines() {
        List<String> lines = new ArrayList<>();
        PrintStream p = new PrintStream(new AboveOutput(lines::add), true, StandardCharsets.UTF_8);
        p.print("step 1");
        p.print(" loss 2.0\r\nsample: b");
        assertEquals(List.of("step 1 loss 2.0"), lines);
        p.println("oy");
        assertEquals(List.of("step 1 loss 2.0", "sample: boy"), lines);
    }
}
