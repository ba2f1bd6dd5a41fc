package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;

/**
 * {@code set backend=} and {@code --backend} go through Backends.select: on a machine without a GPU, cuda is a
 * one-line run error (exit 70) at the statement, and auto says once that it uses the CPU, then trains there.
 */
class BackendSelectionTest {
    private static final String TRAIN = "set seed=7; corpus elman sentences=200 seed=3; "
            + "model lm { embed 8; layer lstm(hidden=8); output softmax }; train lm on elman steps=2 batch=4 seq=8";

    private static boolean noGpu;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream(), errBytes = new ByteArrayOutputStream();

    @BeforeAll static void probe() {
        try {
            Backends.select("cuda", 1);
        } catch (BackendException e) {
            noGpu = true;
        }
    }

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() { return outBytes.toString(StandardCharsets.UTF_8); }

    private String err() { return errBytes.toString(StandardCharsets.UTF_8); }

    @Test void cudaWithoutAGpuFailsAtTheSetStatement() {
        assumeTrue(noGpu, "this machine has a GPU");
        assertEquals(70, run("-e", "set backend=cuda; " + TRAIN));
        assertTrue(err().contains("<command line>:1:13: error: backend=cuda is not available: "), err());
        assertTrue(err().contains("; use backend=cpu"), err());
        assertFalse(err().contains("Exception") || err().contains("\tat "), err());
        assertFalse(out().contains("step"), "nothing trained: " + out());
    }

    @Test void autoWithoutAGpuSaysSoOnceAndTrainsOnTheCpu() {
        assumeTrue(noGpu, "this machine has a GPU");
        assertEquals(0, run("--backend", "auto", "-e", "set backend=auto; " + TRAIN + "; set backend=auto"), err());
        assertEquals(1, out().lines().filter(l -> l.startsWith("backend auto: no usable GPU")).count(), out());
        assertTrue(out().contains("using the CPU"), out());
    }

    @Test void backendOption() {
        assertEquals(0, run("--backend", "cpu", "-e", TRAIN), err());
        assertEquals(64, run("--backend", "tpu", "-e", TRAIN));
        assertTrue(err().contains("unknown backend 'tpu' (expected cpu, cuda or auto)"), err());
        assertEquals(64, run("-e", TRAIN, "--backend"));
        if (noGpu) {
            errBytes.reset();
            assertEquals(70, run("--backend", "cuda", "-e", TRAIN));
            assertTrue(err().startsWith("seqlab: backend=cuda is not available: "), err());
            assertEquals(1, err().lines().count(), err());
        }
    }
}
