package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.data.DataKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.session.ModelSession;

/** objective=masked end to end: training, evaluation beside the unigram baseline, and the refusals. */
class MaskedTrainingTest {

    static final String BERT = "model bert {\n  embed 16\n  positional learned max=16\n  transformer heads=2 dim=16 ff=32\n"
            + "  layernorm\n  output softmax\n}\n";
    static final String TRAIN = "train bert on elman objective=masked rate=0.15 steps=40 batch=8 seq=16 lr=1e-2\n";

    @Test
    void maskedTrainingLowersTheLossAndEvaluatesBesideTheBaseline() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + BERT + TRAIN + "evaluate bert on elman\n");
        List<Double> l = h.losses("bert");
        assertEquals(40, l.size());
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3;
        double last = (l.get(35) + l.get(36) + l.get(37) + l.get(38) + l.get(39)) / 5;
        assertTrue(last < first - 0.5, "loss " + first + " -> " + last);
        ModelSession s = h.session("bert");
        assertEquals(DataKind.MASKED_TOKEN, s.state.kind());
        Vocabulary v = s.compiled.data().vocabulary();
        assertTrue(v.maskId() >= 0, "the vocabulary has <mask>: " + v.tokens());
        String out = h.output();
        assertTrue(out.contains("masked targets"), out);
        double acc = TrainingTest.number(out, "accuracy"), base = baseline(out);
        assertTrue(acc > 0 && base > 0, out);
        assertTrue(!out.contains("perplexity"), out);
    }

    @Test
    void sameSeedSameMasksAndLosses() {
        String s = EngineHarness.DATA + BERT + TRAIN.replace("steps=40", "steps=6");
        List<Double> a = new EngineHarness().run(s).losses("bert");
        assertEquals(a, new EngineHarness().run(s).losses("bert"));
        assertNotEquals(a, new EngineHarness().run(s.replace("set seed=7", "set seed=8")).losses("bert"));
    }

    @Test
    void aLaterRunKeepsTheObjectiveAndTheRate() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + BERT
                + TRAIN.replace("steps=40", "steps=3").replace("0.15", "0.3")
                + "train bert on elman steps=2 batch=8 seq=16\n");
        assertEquals(5, h.session("bert").state.step());
        assertEquals(0.3, h.session("bert").maskRate(), 1e-12);
    }

    @Test
    void saveAndLoadKeepTheObjective(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String file = dir.resolve("bert.safetensors").toString();
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + BERT + TRAIN.replace("steps=40", "steps=3").replace("0.15", "0.2")
                + "evaluate bert on elman\nsave \"" + file + "\"\n");
        EngineHarness back = new EngineHarness().run(EngineHarness.DATA + "load \"" + file + "\"\nevaluate bert on elman batch=8\n");
        assertEquals(DataKind.MASKED_TOKEN, back.session("bert").state.kind());
        assertEquals(0.2, back.session("bert").maskRate(), 1e-12);
        String before = h.output().substring(h.output().lastIndexOf("masked targets"));
        String after = back.output().substring(back.output().lastIndexOf("masked targets"));
        assertEquals(before.lines().limit(4).toList(), after.lines().limit(4).toList());
    }

    @Test
    void bidirectionalRecurrentModelsTrainMasked() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA
                + "model bi { embed 8; layer gru(hidden=8) bidirectional; output softmax }\n"
                + "train bi on elman objective=masked steps=3 batch=4 seq=8\nevaluate bi on elman\n");
        assertTrue(baseline(h.output()) > 0, h.output());
    }

    @Test
    void leftOnlyModelsAreRefusedWithTheLayersLine() {
        RunFailure causal = assertThrows(RunFailure.class, () -> new EngineHarness().run(EngineHarness.DATA
                + BERT.replace("ff=32", "ff=32 causal") + TRAIN));
        String m = causal.diagnostics().get(0).message();
        assertTrue(m.contains("transformer layer at line 6 is causal"), m);
        RunFailure lstm = assertThrows(RunFailure.class, () -> new EngineHarness().run(EngineHarness.DATA
                + EngineHarness.MODEL + "train lm on elman objective=masked steps=2\n"));
        m = lstm.diagnostics().get(0).message();
        assertTrue(m.contains("lstm layer at line 5 reads left to right only"), m);
        assertTrue(lstm.diagnostics().get(0).hint().contains("bidirectional"));
    }

    @Test
    void maskedOnOtherDataAndRateAloneAreErrors() {
        RunFailure task = assertThrows(RunFailure.class, () -> new EngineHarness().run("task copy length=5 samples=100\n"
                + BERT + "train bert on copy objective=masked steps=2\n"));
        assertTrue(task.diagnostics().get(0).message().contains("trains on a text corpus"), task.diagnostics().get(0).message());
        RunFailure rate = assertThrows(RunFailure.class, () -> new EngineHarness().run(EngineHarness.DATA + BERT
                + "train bert on elman rate=0.2 steps=2\n"));
        assertTrue(rate.diagnostics().get(0).message().contains("objective=masked"), rate.diagnostics().get(0).message());
    }

    @Test
    void aMaskedModelDoesNotSample() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + BERT + TRAIN.replace("steps=40", "steps=2"));
        RunFailure f = assertThrows(RunFailure.class, () -> h.run("sample 5 from \"boy\""));
        assertTrue(f.diagnostics().get(0).message().contains("masked-token"), f.diagnostics().get(0).message());
    }

    /** The baseline accuracy (a fraction) from evaluate's output. */
    static double baseline(String out) {
        var m = java.util.regex.Pattern.compile("baseline\\s+([0-9.]+)%").matcher(out);
        if (!m.find()) throw new AssertionError("no baseline in\n" + out);
        return Double.parseDouble(m.group(1)) / 100;
    }
}
