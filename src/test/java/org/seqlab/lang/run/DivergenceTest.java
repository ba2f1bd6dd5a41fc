package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Corpus;
import org.seqlab.nn.Param;
import org.seqlab.train.Progress;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.Trainer;
import org.seqlab.session.ModelSession;

/**
 * A run whose loss or gradient stops being finite ends there, for every model kind, and keeps the last weights
 * whose loss and gradient were both finite: those before the update that wrecked them, not the wrecked ones.
 */
class DivergenceTest {

    private static final String SEQ2SEQ = """
            set seed=3
            task reverse length=4 symbols=4 samples=200
            model t {
              encoder { embed 8; layer gru(hidden=16) }
              decoder { embed 8; layer gru(hidden=16); attention over=encoder kind=dot; output softmax }
            }
            """;

    private static String lastEvaluation(String out) {
        return out.substring(out.lastIndexOf("evaluate "));
    }

    @Test
    void aDivergingRunKeepsTheWeightsOfTheLastFiniteStep() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=5 batch=4 seq=8\nevaluate lm on elman\n");
        String before = lastEvaluation(h.output());
        int from = h.output().length();
        h.run("train lm on elman steps=30 batch=4 seq=8 lr=1e30\nevaluate lm on elman\n");
        String out = h.output().substring(from);
        // Step 6's loss and gradient are finite but its update (lr 1e30) wrecks the weights: step 7's gradient is NaN.
        assertTrue(out.contains("training stopped: gradient norm became NaN at step 7; weights kept from step 5, "
                + "the last whose loss and gradient were finite"), out);
        assertEquals(before, lastEvaluation(out), "evaluate gives what it gave after step 5");
        assertEquals(5, h.session("lm").state.step());
        assertEquals(5, h.losses("lm").size(), "the history ends at the weights kept");
    }

    @Test
    void theUndoneStepTakesItsBatchOptimizerAndCarriedStateWithIt() {
        TrainConfig cfg = new TrainConfig(10, 1, 4, 8, 1e-2f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL);
        h.run("evaluate lm on elman\n");
        ModelSession s = h.session("lm");
        Corpus data = (Corpus) h.interp.workspace().data("elman").data();
        // After step 3 the weights go bad (as a wrecking update would leave them): step 4's loss is NaN.
        Trainer.Result r = new Trainer(s.state, data, cfg, Progress.SILENT, rep -> {
            if (rep.runStep() == 3) {
                Param p = s.state.net().params().get(0);
                float[] nan = new float[p.value().size()];
                Arrays.fill(nan, Float.NaN);
                p.value().copyFromHost(nan);
            }
            return false;
        }, new AtomicBoolean()).run();
        assertEquals(Trainer.End.NOT_FINITE, r.end());
        assertEquals("loss became NaN at step 4; weights kept from step 2, the last whose loss and gradient were finite",
                r.message());
        assertEquals(2, s.state.step());
        assertEquals(2, s.state.optimizer().steps());

        EngineHarness ref = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL);
        ref.run("evaluate lm on elman\n");
        ModelSession rs = ref.session("lm");
        TrainConfig two = new TrainConfig(2, 1, 4, 8, 1e-2f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        new Trainer(rs.state, data, two, Progress.SILENT, Trainer.Hook.NONE, new AtomicBoolean()).run();
        for (int i = 0; i < rs.state.net().params().size(); i++) {
            assertArrayEquals(rs.state.net().params().get(i).value().toHost(), s.state.net().params().get(i).value().toHost(),
                    "weights of step 2: " + rs.state.net().params().get(i).name());
        }
        TrainConfig three = new TrainConfig(3, 1, 4, 8, 1e-2f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        new Trainer(s.state, data, three, Progress.SILENT, Trainer.Hook.NONE, new AtomicBoolean()).run();
        new Trainer(rs.state, data, three, Progress.SILENT, Trainer.Hook.NONE, new AtomicBoolean()).run();
        assertEquals(h.losses("lm"), ref.losses("lm"), "going on after the undone step is going on from step 2");
    }

    /**
     * LastGood copies the weights only every few steps and replays from the copy: weights kept from step 7 are
     * step 7's exactly (a copy at step 5, two steps replayed with their batches, dropout masks and carried state).
     */
    @Test
    void theReplayFromAnEarlierCopyReachesTheLastFiniteWeightsExactly() {
        String model = "model lm {\n  embed 8\n  layer lstm(hidden=16)\n  layer lstm(hidden=16)\n  dropout 0.3\n  output softmax\n}\n";
        TrainConfig cfg = new TrainConfig(12, 1, 4, 8, 1e-2f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + model + "evaluate lm on elman\n");
        ModelSession s = h.session("lm");
        Corpus data = (Corpus) h.interp.workspace().data("elman").data();
        Trainer.Result r = new Trainer(s.state, data, cfg, Progress.SILENT, rep -> {
            if (rep.runStep() == 8) {
                Param p = s.state.net().params().get(1);
                float[] nan = new float[p.value().size()];
                Arrays.fill(nan, Float.NaN);
                p.value().copyFromHost(nan);
            }
            return false;
        }, new AtomicBoolean()).run();
        assertEquals("loss became NaN at step 9; weights kept from step 7, the last whose loss and gradient were finite",
                r.message());

        EngineHarness ref = new EngineHarness().run(EngineHarness.DATA + model + "evaluate lm on elman\n");
        ModelSession rs = ref.session("lm");
        TrainConfig seven = new TrainConfig(7, 1, 4, 8, 1e-2f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        new Trainer(rs.state, data, seven, Progress.SILENT, Trainer.Hook.NONE, new AtomicBoolean()).run();
        for (int i = 0; i < rs.state.net().params().size(); i++) {
            assertArrayEquals(rs.state.net().params().get(i).value().toHost(), s.state.net().params().get(i).value().toHost(),
                    "weights of step 7: " + rs.state.net().params().get(i).name());
        }
        assertEquals(7, s.state.optimizer().steps());
        TrainConfig more = new TrainConfig(4, 1, 4, 8, 1e-2f, "adam", 0, false, 5, Float.NaN, "constant", 0, 7, null, 0);
        new Trainer(s.state, data, more, Progress.SILENT, Trainer.Hook.NONE, new AtomicBoolean()).run();
        new Trainer(rs.state, data, more, Progress.SILENT, Trainer.Hook.NONE, new AtomicBoolean()).run();
        assertEquals(h.losses("lm"), ref.losses("lm"), "going on after the undone steps is going on from step 7");
    }

    @Test
    void anEncoderDecoderStopsOnANonFiniteGradientAndKeepsItsLastFiniteWeights() {
        EngineHarness h = new EngineHarness().run(SEQ2SEQ + "train t on reverse steps=4 batch=8 lr=1e-2\nevaluate t on reverse\n");
        String before = lastEvaluation(h.output());
        int from = h.output().length();
        h.run("train t on reverse steps=30 batch=8 lr=1e30\nevaluate t on reverse\n");
        String out = h.output().substring(from);
        assertTrue(out.contains("training stopped: "), out);
        assertTrue(out.contains("weights kept from step 4, the last whose loss and gradient were finite"), out);
        assertEquals(before, lastEvaluation(out), "evaluate gives what it gave after step 4");
        ModelSession s = h.interp.workspace().model("t");
        assertEquals(4, s.state.step());
        assertEquals(4, s.state.history().size());
    }

    @Test
    void anEncoderDecoderWritesItsLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.jsonl");
        new EngineHarness().run(SEQ2SEQ + "train t on reverse steps=3 batch=8 validate=2 log=\""
                + log.toString().replace("\\", "/") + "\"\n");
        List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("{\"step\":1,\"epoch\":1,\"loss\":"), lines.get(0));
        assertTrue(lines.get(1).contains("\"val_loss\":") && !lines.get(0).contains("val_loss"), lines.toString());
    }
}
