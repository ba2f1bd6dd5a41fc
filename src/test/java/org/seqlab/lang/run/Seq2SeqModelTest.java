package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Encoder-decoder models written in the language: train on task reverse, evaluate, translate. */
class Seq2SeqModelTest {

    private static final String MODEL = """
            set seed=3
            task reverse length=4 symbols=4 samples=600
            model t {
              encoder { embed 16; layer gru(hidden=32) bidirectional }
              decoder { embed 16; layer gru(hidden=32); attention over=encoder kind=additive; output softmax }
            }
            """;

    @Test
    void attentionModelLearnsToReverse() {
        EngineHarness h = new EngineHarness().run(MODEL
                + "train t on reverse steps=300 batch=32 lr=1e-2\n"
                + "evaluate t on reverse\n"
                + "translate \"a b c d\" with t\n");
        String out = h.output();
        assertTrue(out.contains("exact-sequence accuracy"), out);
        String line = out.lines().filter(x -> x.contains("exact-sequence accuracy")).findFirst().orElseThrow();
        double acc = Double.parseDouble(line.replaceAll(".*exact-sequence accuracy ([0-9.]+)%.*", "$1"));
        assertTrue(acc > 80, line);
        assertTrue(out.lines().anyMatch(x -> x.equals("d c b a")), out);
    }

    /** The training loss of each step of one run from the same start (seed 3), read from the progress lines. */
    private static List<String> losses(String forcing) {
        EngineHarness h = new EngineHarness().run(MODEL.replace("kind=additive", "kind=dot")
                + "train t on reverse steps=4 batch=16 validate=1 teacher_forcing=" + forcing + "\n");
        assertTrue(h.output().contains("done: 4 steps"), h.output());
        Matcher m = Pattern.compile("step \\d+ \\(\\d+/4[^)]*\\)\\s+loss (\\S+)").matcher(h.output());
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        assertEquals(4, out.size(), h.output());
        return out;
    }

    @Test
    void teacherForcingModesFeedTheDecoderDifferently() {
        List<String> forced = losses("1.0"), free = losses("0"), half = losses("0.5"), scheduled = losses("scheduled");
        assertEquals(forced, losses("1.0"), "the same run twice gives the same losses");
        // The untrained decoder's own choices are not the targets: free running and half forcing change the very first loss.
        assertNotEquals(forced.get(0), free.get(0), "teacher_forcing=0 reads the model's choices");
        assertNotEquals(forced.get(0), half.get(0), "teacher_forcing=0.5 mixes them in");
        assertNotEquals(free.get(0), half.get(0), "0.5 is neither all targets nor all choices");
        // Scheduled starts at ratio 1 (the first step is teacher-forced) and then feeds the model's choices.
        assertEquals(forced.get(0), scheduled.get(0), "scheduled sampling starts fully teacher-forced");
        assertNotEquals(forced.subList(1, 4), scheduled.subList(1, 4), "then decays toward free running");
    }

    @Test
    void everyAndWhenRulesRunWhileTraining() {
        EngineHarness h = new EngineHarness().run(MODEL + """
                train t on reverse steps=20 batch=16 validate=5 {
                  every 4 steps: evaluate t on reverse
                  when step >= 10: stop
                }
                """);
        String out = h.output();
        assertTrue(out.contains("stopped by a rule at step 10"), out);
        assertEquals(2, out.lines().filter(x -> x.contains("exact-sequence accuracy")).count(), out);
        h.run("train t on reverse steps=12 batch=16 validate=3 {\n  when val_accuracy >= 0: stop\n}\n");
        assertTrue(h.output().contains("stopped by a rule at step 13"), h.output());
    }

    @Test
    void summaryListsBothParts() {
        EngineHarness h = new EngineHarness().run(MODEL + "summary t\n");
        String before = h.output();
        assertTrue(before.contains("model t on reverse: seq2seq"), before);
        assertTrue(before.contains("encoder.gru1") || before.contains("gru"), before);
        assertTrue(before.contains("total parameters"), before);
        h.run("train t on reverse steps=2 batch=16\nsummary t\n");
        String after = h.output().substring(before.length());
        assertEquals(before.substring(before.indexOf("total parameters")).lines().findFirst(),
                after.substring(after.indexOf("total parameters")).lines().findFirst());
        EngineHarness bare = new EngineHarness().run(MODEL.replace("task reverse length=4 symbols=4 samples=600\n", "") + "summary t\n");
        assertTrue(bare.output().contains("need seq2seq data"), bare.output());
    }

    @Test
    void saveAndLoadAnEncoderDecoder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String file = dir.resolve("t.safetensors").toString();
        EngineHarness h = new EngineHarness().run(MODEL + "train t on reverse steps=20 batch=16 lr=1e-2\nevaluate t on reverse batch=16\n"
                + "save \"" + file + "\"\n");
        assertTrue(h.output().contains("saved t ("), h.output());
        EngineHarness back = new EngineHarness().run(MODEL.replaceAll("(?s)model t \\{.*", "") + "load \"" + file + "\"\n"
                + "evaluate t on reverse batch=16\n");
        assertTrue(back.output().contains("loaded t (") && back.output().contains("step 20"), back.output());
        String line = "exact-sequence accuracy";
        assertEquals(h.output().lines().filter(x -> x.contains(line)).findFirst(), back.output().lines().filter(x -> x.contains(line)).findFirst());
        back.run("train t on reverse steps=2 batch=16\n");
        assertTrue(back.output().contains("done: 2 steps"), back.output());
    }

    @Test
    void mismatchesAreClearErrors() {
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run(MODEL
                + "model lm { embed 8; layer gru(hidden=8); output softmax }\ntrain lm on reverse steps=1\n"));
        assertTrue(f.diagnostics().get(0).message().contains("needs an encoder-decoder model"), f.getMessage());
        f = assertThrows(RunFailure.class, () -> new EngineHarness().run(MODEL + "translate \"a b\" with t\n"));
        assertEquals("model 't' has not met any data yet", f.diagnostics().get(0).message());
    }
}
