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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.nn.Model;

/**
 * The exported module, run by PyTorch on the checkpoint seqlab saved, gives seqlab's logits (1e-4 relative).
 * Needs {@code /usr/bin/python3} with torch; skipped otherwise.
 */
@Tag("slow")
class PytorchExportParityTest {

    private static final String PYTHON = "/usr/bin/python3";

    private static boolean torchAvailable() {
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

    @Test
    void tokenModelsMatch(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model lm {\n  embed 8\n  layer lstm(hidden=12, layers=2)\n  layer gru(hidden=6) bidirectional\n"
                + "  layer srn(hidden=5, activation=relu)\n  layer rnn(hidden=4)\n  dense 7 activation=tanh\n  layernorm\n"
                + "  dropout 0.1\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + model);
        int[] ids = {1, 4, 2, 7, 3, 3, 0, 5, 6, 2};
        // A bidirectional layer in a next-token model is refused at train (it would see the future); the export
        // still has to match, so the model meets its data through evaluate and keeps its initial weights.
        check(h, dir, "lm", "evaluate lm on elman batch=2\n", ids, null);

        // The file's own demo loads the checkpoint and samples text from the vocabulary.
        Process p = new ProcessBuilder(PYTHON, dir.resolve("lm.py").toString(), dir.resolve("lm.safetensors").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("loaded lm ("), out);
    }

    @Test
    void featureModelsWithPoolMatch(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model r {\n  layer lstm(hidden=6) bidirectional\n  dense 5 activation=sigmoid\n  pool last\n  output linear\n}\n";
        EngineHarness h = new EngineHarness().run("set seed=3\ntask adding length=8 samples=40\n" + model);
        float[] x = new float[8 * 2];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.7);
        check(h, dir, "r", "train r on adding steps=3 batch=4 lr=1e-2 validate=1000\n", null, x);
    }

    /** A right-padded batch of sequences of different lengths: the exported module with lengths= gives seqlab's answers. */
    @Test
    void paddedBatchesMatch(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model c {\n  embed 6\n  layer lstm(hidden=5) bidirectional\n  layer gru(hidden=4) bidirectional\n"
                + "  dense 5 activation=tanh\n  pool mean\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness().run("set seed=2\ntask parity length=8 samples=40\n" + model);
        String base = dir.resolve("c").toString().replace("\\", "/");
        h.run("train c on parity steps=3 batch=4 lr=1e-2 validate=1000\nsave \"" + base + ".safetensors\"\nexport pytorch \"" + base + ".py\"\n");
        Model m = h.session("c").state.model();
        int steps = 8, batch = 3;
        int[] lengths = {3, 8, 5};
        int[] ids = new int[steps * batch];                        // time-major; padded steps hold arbitrary ids
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7) % m.inputLayer().vocabulary();
        for (var r : m.recurrentLayers()) r.prepareState(batch);
        m.resetState();
        float[] want = m.forward(ids, 0, steps, batch, lengths, false).toHost();
        String script = String.join("\n",
                "import importlib.util, torch",
                "spec = importlib.util.spec_from_file_location('exported', '" + base + ".py')",
                "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)",
                "model, vocab = mod.load('" + base + ".safetensors')",
                "x = torch.tensor(" + Arrays.toString(ids) + ", dtype=torch.long).reshape(" + steps + ", " + batch + ")",
                "with torch.no_grad():",
                "    y, _ = model(x, lengths=torch.tensor(" + Arrays.toString(lengths) + "))",
                "print(' '.join(repr(float(v)) for v in y.reshape(-1)))", "");
        Path py = dir.resolve("padded.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.split("\n");
        String[] parts = lines[lines.length - 1].trim().split(" ");
        assertEquals(want.length, parts.length, out);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], Double.parseDouble(parts[i]), 1e-4 * Math.abs(want[i]) + 1e-5, "logit " + i);
    }

    /** Trains, saves, exports; runs seqlab and the exported module on one sequence and compares the logits. */
    private static void check(EngineHarness h, Path dir, String name, String train, int[] ids, float[] features) throws Exception {
        String base = dir.resolve(name).toString().replace("\\", "/");
        h.run(train + "save \"" + base + ".safetensors\"\nexport pytorch \"" + base + ".py\"\n");
        Model m = h.session(name).state.model();
        int steps = ids != null ? ids.length : features.length / 2;
        for (var r : m.recurrentLayers()) r.prepareState(1);
        m.resetState();
        float[] want;
        if (ids != null) {
            want = m.forward(ids, 0, steps, 1, false).toHost();
        } else {
            var x = m.backend().alloc(steps, 1, 2);
            x.copyFromHost(features);
            want = m.forward(x, false).toHost();
        }

        String input = ids != null ? "torch.tensor(" + Arrays.toString(ids) + ", dtype=torch.long).unsqueeze(1)"
                : "torch.tensor(" + Arrays.toString(features) + ").reshape(" + steps + ", 1, 2)";
        String script = String.join("\n",
                "import importlib.util, sys, torch",
                "spec = importlib.util.spec_from_file_location('exported', '" + base + ".py')",
                "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)",
                "model, vocab = mod.load('" + base + ".safetensors')",
                "with torch.no_grad():",
                "    y, _ = model(" + input + ")",
                "print(' '.join(repr(float(v)) for v in y.reshape(-1)))", "");
        Path py = dir.resolve("run.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        String[] last = out.split("\n");
        String[] parts = last[last.length - 1].trim().split(" ");
        assertEquals(want.length, parts.length, out);
        double maxAbs = 0;
        for (float w : want) maxAbs = Math.max(maxAbs, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            double got = Double.parseDouble(parts[i]);
            assertEquals(want[i], got, 1e-4 * Math.max(Math.abs(want[i]), maxAbs * 1e-2) + 1e-6, "logit " + i);
        }
    }
}
