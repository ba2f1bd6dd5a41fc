package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.nn.Param;
import org.seqlab.session.ModelSession;

/** What {@code export pytorch} writes, checked as text (no Python needed). */
class PytorchExportTest {

    private static String export(Path dir, String model, String data, String train) throws Exception {
        Path py = dir.resolve("m.py");
        new EngineHarness().run(data + model + train + "export pytorch \"" + py.toString().replace("\\", "/") + "\"\n");
        return Files.readString(py);
    }

    @Test
    void tokenModelNamesEveryModuleLikeSeqlabsParameters(@TempDir Path dir) throws Exception {
        String model = "model lm {\n  embed 8\n  layer lstm(hidden=16, layers=2, dropout=0.2)\n  layer gru(hidden=6) bidirectional\n"
                + "  layer srn(hidden=5, activation=relu)\n  dense 7 activation=gelu\n  layernorm\n  dropout 0.1\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness();
        Path py = dir.resolve("lm.py");
        // evaluate, not train: a next-token model with a bidirectional layer may not train (it would see the future)
        h.run(EngineHarness.DATA + model + "evaluate lm on elman batch=2\nexport pytorch \"" + py + "\"\n");
        String text = Files.readString(py);
        int vocab = h.session("lm").compiled.data().vocabulary().size();
        assertTrue(text.contains("self.embed = nn.Embedding(" + vocab + ", 8)"), text);
        assertTrue(text.contains("self.lstm1 = nn.LSTM(8, 16, num_layers=2, dropout=0.2)"), text);
        assertTrue(text.contains("self.dropout1 = nn.Dropout(0.2)"), text);
        assertTrue(text.contains("self.gru1 = nn.GRU(16, 6, bidirectional=True)"), text);
        assertTrue(text.contains("self.rnn1 = nn.RNN(12, 5, nonlinearity=\"relu\")"), text);
        assertTrue(text.contains("h = F.gelu(self.dense1(h))"), text);
        assertTrue(text.contains("self.layernorm1 = nn.LayerNorm(7, eps=1.0e-5)"), text);
        assertTrue(text.contains("self.output = nn.Linear(7, " + vocab + ")"), text);
        assertTrue(text.contains("class Lm(nn.Module):"), text);
        assertTrue(text.contains("NEXT_TOKEN = True"), text);
        assertTrue(text.contains("DEFAULT_CHECKPOINT = \"lm.safetensors\""), text);
        assertTrue(text.contains("if __name__ == \"__main__\":"), text);
        // Every seqlab parameter's layer is a module attribute: "lstm1.weight_ih_l0" -> self.lstm1.
        for (Param p : h.session("lm").state.model().params()) {
            String layer = p.name().substring(0, p.name().indexOf('.'));
            assertTrue(text.contains("self." + layer + " = "), p.name());
        }
        assertTrue(h.output().contains("exported lm to"), h.output());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void regressionModelPoolsAndTakesFeatures(@TempDir Path dir) throws Exception {
        String text = export(dir, "model r {\n  layer gru(hidden=4)\n  pool mean\n  output linear\n}\n", "task adding length=6 samples=40\n",
                "train r on adding steps=1 batch=4 validate=1000\n");
        assertTrue(text.contains("self.gru1 = nn.GRU(2, 4)"), text);
        assertTrue(text.contains("h = pool(h, lengths, \"mean\")"), text);
        assertTrue(text.contains("h, state[\"gru1\"] = run_recurrent(self.gru1, h, state.get(\"gru1\"), lengths)"), text);
        assertTrue(text.contains("def forward(self, x, state=None, lengths=None):"), text);
        assertTrue(text.contains("return self.output(h), state  # logits (B, 1)"), text);
        assertTrue(text.contains("NEXT_TOKEN = False"), text);
        assertTrue(text.contains("TOKENS = False"), text);
        assertTrue(text.contains("INPUT_WIDTH = 2"), text);
    }

    @Test
    void encoderDecoderIsOneModuleWithTranslate(@TempDir Path dir) throws Exception {
        String text = export(dir, "model t {\n  encoder { embed 8; layer lstm(hidden=12) bidirectional }\n"
                        + "  decoder { embed 8; layer lstm(hidden=12); attention over=encoder kind=additive dim=10; output softmax }\n}\n",
                "set seed=3\ntask reverse length=4 symbols=4 samples=40\n", "train t on reverse steps=1 batch=4\n");
        assertTrue(text.contains("class TEncoder(nn.Module):"), text);
        assertTrue(text.contains("class TDecoder(nn.Module):"), text);
        assertTrue(text.contains("self.encoder = TEncoder()"), text);
        assertTrue(text.contains("self.attention1 = EncoderAttention(12, 24, 10, additive=True)"), text);
        assertTrue(text.contains("h = self.attention1(h, memory, memory_lengths)  # (T, B, 36)"), text);
        // The encoder's last LSTM (bidirectional, one layer of 12) starts the decoder's LSTM, directions summed.
        assertTrue(text.contains("state[\"lstm1\"] = bridge(final[\"lstm1\"], 1, 2, cell=True)"), text);
        assertTrue(text.contains("    def translate(self, ids, max_steps=None):"), text);
        assertTrue(text.contains("SEQ2SEQ = True"), text);
    }

    @Test
    void aRefusedLayerIsFoundOnItsLine() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + "model a {\n  embed 8\n  repeat 2 { attention heads=2 }\n"
                + "  layer srn(hidden=4)\n  layer rnn(hidden=4)\n  output softmax\n}\nevaluate a on elman batch=2\n");
        ModelSession s = h.session("a");                          // DATA is lines 1-2: the repeat is line 5, rnn line 7
        org.seqlab.diag.SourceSpan none = s.compiled.source().span();
        assertEquals(5, ExportSource.spanOf("attention2", s, none).line());
        assertEquals(7, ExportSource.spanOf("rnn2", s, none).line(), "srn and rnn count together, as the compiler names them");
        assertEquals(none, ExportSource.spanOf("pool", s, none));
    }

    @Test
    void exportBeforeTrainingSaysWhatToDo(@TempDir Path dir) {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL);
        RunFailure f = org.junit.jupiter.api.Assertions.assertThrows(RunFailure.class,
                () -> h.run("export pytorch \"" + dir.resolve("x.py") + "\"\n"));
        assertTrue(f.diagnostics().get(0).message().contains("has not met any data"), f.diagnostics().get(0).message());
    }

    @Test
    void continuingARunNeedsARunInThisSession(@TempDir Path dir) {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + "evaluate lm on elman batch=2\n");
        RunFailure f = org.junit.jupiter.api.Assertions.assertThrows(RunFailure.class,
                () -> h.run("export pytorch \"" + dir.resolve("run") + "/\" training\n"));
        assertEquals("export with training continues a run, and 'lm' has not trained in this session",
                f.diagnostics().get(0).message());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("run")), "nothing written");
    }
}
