package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.nn.Model;

/**
 * Recurrent models: the exported module, run by PyTorch on the checkpoint seqlab saved, gives seqlab's outputs
 * within 1e-4. Needs {@code /usr/bin/python3} with torch; skipped otherwise. Other kinds: {@link PytorchExportKindsParityTest}.
 */
@Tag("slow")
class PytorchExportParityTest {

    @Test
    void tokenModelsMatch(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        String model = "model lm {\n  embed 8\n  layer lstm(hidden=12, layers=2)\n  layer gru(hidden=6) bidirectional\n"
                + "  layer srn(hidden=5, activation=relu)\n  layer rnn(hidden=4)\n  dense 7 activation=tanh\n  layernorm\n"
                + "  dropout 0.1\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + model);
        int[] ids = {1, 4, 2, 7, 3, 3, 0, 5, 6, 2};
        // A bidirectional layer in a next-token model is refused at train (it would see the future); the export
        // still has to match, so the model meets its data through evaluate and keeps its initial weights.
        check(h, dir, "lm", "evaluate lm on elman batch=2\n", ids, null, "recurrent (stacked LSTM, bidirectional GRU, srn relu, rnn)");

        // The file's own demo loads the checkpoint and samples text from the vocabulary.
        Process p = new ProcessBuilder(TorchScript.PYTHON, dir.resolve("lm.py").toString(), dir.resolve("lm.safetensors").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("loaded lm ("), out);
    }

    @Test
    void featureModelsWithPoolMatch(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        String model = "model r {\n  layer lstm(hidden=6) bidirectional\n  dense 5 activation=sigmoid\n  pool last\n  output linear\n}\n";
        EngineHarness h = new EngineHarness().run("set seed=3\ntask adding length=8 samples=40\n" + model);
        float[] x = new float[8 * 2];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.7);
        check(h, dir, "r", "train r on adding steps=3 batch=4 lr=1e-2 validate=1000\n", null, x, "bidirectional LSTM, pool last, output linear");
    }

    /** A right-padded batch of sequences of different lengths: the exported module with lengths= gives seqlab's answers. */
    @Test
    void paddedBatchesMatch(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
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
        double[][] got = TorchScript.run(dir, base,
                "y, _ = model(" + TorchScript.ids(ids, steps, batch) + ", lengths=torch.tensor(" + Arrays.toString(lengths) + "))", "emit(y)");
        TorchScript.assertClose("bidirectional LSTM and GRU over a padded batch, pool mean", want, got[0], null);
    }

    /** Trains, saves, exports; runs seqlab and the exported module on one sequence and compares the outputs. */
    private static void check(EngineHarness h, Path dir, String name, String train, int[] ids, float[] features, String what) throws Exception {
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
        String input = ids != null ? TorchScript.ids(ids, steps, 1) : "torch.tensor(" + Arrays.toString(features) + ").reshape(" + steps + ", 1, 2)";
        double[][] got = TorchScript.run(dir, base, "y, _ = model(" + input + ")", "emit(y)");
        TorchScript.assertClose(what, want, got[0], null);
    }
}
