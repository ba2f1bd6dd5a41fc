package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Python snippets against an exported module with {@code /usr/bin/python3} (skipping the test where torch is
 * not importable): the snippet sees {@code mod} (the exported file) and {@code model} (loaded from the checkpoint),
 * and prints lines of numbers, which come back as float arrays.
 */
final class TorchScript {
    static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private TorchScript() {
    }

    static void assumeTorch() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        Assumptions.assumeTrue(available, "PyTorch is not importable by " + PYTHON);
    }

    /** Each printed line of the snippet as numbers; base is the export's path without ".py". */
    static double[][] run(Path dir, String base, String... body) throws Exception {
        String script = String.join("\n",
                "import importlib.util, torch",
                "spec = importlib.util.spec_from_file_location('exported', '" + base + ".py')",
                "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)",
                "model, vocab = mod.load('" + base + ".safetensors')",
                "def emit(t):",
                "    print('NUMS ' + ' '.join(repr(float(v)) for v in torch.as_tensor(t).reshape(-1)))",
                "with torch.no_grad():",
                "    " + String.join("\n    ", body), "");
        Path py = Files.createTempFile(dir, "run", ".py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("NUMS")).map(l -> l.substring(4).trim())
                .map(l -> l.isEmpty() ? new double[0] : Arrays.stream(l.split(" ")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    /** What the exported file's own {@code __main__} prints for base.py on base.safetensors. */
    static String demo(String base) throws Exception {
        Process p = new ProcessBuilder(PYTHON, base + ".py", base + ".safetensors").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** A Python (T, B) long tensor of time-major ids. */
    static String ids(int[] ids, int steps, int batch) {
        return "torch.tensor(" + Arrays.toString(ids) + ", dtype=torch.long).reshape(" + steps + ", " + batch + ")";
    }

    /**
     * Asserts got equals want within 1e-4 at every counted position (real[i] true, or all when real is null) and
     * prints the largest difference for the record.
     */
    static double assertClose(String what, float[] want, double[] got, boolean[] real) {
        assertEquals(want.length, got.length, what + ": number of outputs");
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            if (real != null && !real[i]) continue;
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        System.out.printf("parity %s: max abs diff %.3g over %d outputs%n", what, max, want.length);
        assertTrue(max <= 1e-4, what + ": max abs diff " + max);
        return max;
    }

    /** For (T, B, W) outputs of a right-padded batch: which entries are at real steps. */
    static boolean[] realSteps(int steps, int batch, int width, int[] lengths) {
        boolean[] r = new boolean[steps * batch * width];
        for (int t = 0; t < steps; t++) for (int b = 0; b < batch; b++) for (int j = 0; j < width; j++) r[(t * batch + b) * width + j] = t < lengths[b];
        return r;
    }
}
