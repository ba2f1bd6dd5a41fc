package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs an exported train.py for the slow round-trip tests (they skip where torch is missing) and reads what it printed. */
final class TrainPy {
    static final String PYTHON = TorchScript.PYTHON;
    /** train.py's per-step line: "step K (k/n) loss L". */
    static final Pattern STEP = Pattern.compile("^step (\\d+) \\(\\d+/\\d+\\) loss (\\S+)", Pattern.MULTILINE);
    /** train.py's closing evaluation: "evaluate: loss L". */
    static final Pattern EVALUATE = Pattern.compile("^evaluate: loss (\\S+)", Pattern.MULTILINE);

    private TrainPy() {}

    /** The per-step losses train.py printed, in order. */
    static List<Double> losses(String out) {
        List<Double> l = new ArrayList<>();
        Matcher m = STEP.matcher(out);
        while (m.find()) l.add(Double.parseDouble(m.group(2)));
        return l;
    }

    /** The loss of train.py's closing evaluation. */
    static double evaluated(String out) {
        Matcher m = EVALUATE.matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    /** Runs cmd in dir with env added; what it printed (fails the test unless it exits 0 within 300 s). */
    static String python(Path dir, List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        return finish(pb.start());
    }

    static String python(Path dir, List<String> cmd) throws Exception {
        return python(dir, cmd, Map.of());
    }

    /** What p printed, once it exited 0 (a test failure otherwise). */
    static String finish(Process p) throws Exception {
        // Read on another thread: a process that hangs (a rank waiting on one that is gone) keeps its output open,
        // and the test must fail after the timeout instead of waiting on the read forever.
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly().waitFor();
        String text = out.get(10, TimeUnit.SECONDS);
        assertTrue(done, "python did not finish in 300 s:\n" + text);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** A TCP port free now, for MASTER_PORT. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether /usr/bin/python3 imports torch. */
    static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
