package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Corpus;
import org.seqlab.data.Split;
import org.seqlab.train.Evaluator;
import org.seqlab.train.HistoryPoint;
import org.seqlab.train.Metrics;
import org.seqlab.session.ModelSession;

/**
 * Validation during training has a bounded cost: {@code val_batches} batches of the split (20 by default), every
 * {@code val_every} steps; the progress line and the log say whether a val_loss is a sample or the whole split;
 * {@code evaluate} always scores the whole split.
 */
class ValidationTest {

    private static final String DATA = "set seed=7\ncorpus elman sentences=2000 seed=3\n";

    private static List<HistoryPoint> validated(EngineHarness h) {
        return h.session("lm").state.history().stream().filter(p -> !Double.isNaN(p.valLoss())).toList();
    }

    private static List<String> lines(String out, String containing) {
        return out.lines().filter(l -> l.contains(containing)).toList();
    }

    @Test
    void byDefaultAShortRunValidatesOnFewBatches(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.jsonl");
        EngineHarness h = new EngineHarness().run(DATA + EngineHarness.MODEL
                + "train lm on elman steps=40 batch=4 seq=8 log=\"" + log.toString().replace("\\", "/") + "\"\n");
        List<HistoryPoint> v = validated(h);
        // 40 steps: 4 batches each time (one per ten steps), at least 20*4/3 = 27 steps apart, and the run's last step.
        assertEquals(List.of(27L, 40L), v.stream().map(HistoryPoint::step).toList());
        List<String> progress = lines(h.output(), "val_loss");
        assertTrue(progress.get(1).contains(String.format(java.util.Locale.ROOT, "val_loss %.4f (4/23 batches)", v.get(1).valLoss())),
                h.output());
        List<String> logged = lines(String.join("\n", Files.readAllLines(log)), "val_loss");
        assertEquals(2, logged.size());
        assertTrue(logged.get(1).contains("\"val\":\"sampled\",\"val_batches\":4,\"val_split_batches\":23"), logged.get(1));
    }

    @Test
    void givenValBatchesAreScoredEvenInAShortRun() {
        EngineHarness h = new EngineHarness().run(DATA + EngineHarness.MODEL + "train lm on elman steps=40 batch=4 seq=8 val_batches=20\n");
        List<HistoryPoint> v = validated(h);
        assertEquals(List.of(40L), v.stream().map(HistoryPoint::step).toList(), "20*20/3 = 134 steps apart: only the last step");
        assertTrue(lines(h.output(), "val_loss").get(0).contains("(20/23 batches)"), h.output());
    }

    @Test
    void theSampleIsTheSplitsFirstBatchesAndAllIsTheWholeSplitAsEvaluateScoresIt() {
        EngineHarness h = new EngineHarness().run(DATA + EngineHarness.MODEL
                + "train lm on elman steps=6 batch=4 seq=8 val_every=3 val_batches=2\n");
        List<HistoryPoint> v = validated(h);
        assertEquals(List.of(3L, 6L), v.stream().map(HistoryPoint::step).toList());
        assertEquals(2, lines(h.output(), "(2/23 batches)  ").size(), "two progress lines say so:\n" + h.output());
        ModelSession s = h.session("lm");
        Corpus data = (Corpus) h.interp.workspace().data("elman").data();
        Metrics two = Evaluator.evaluate(s.state.model(), s.state.kind(), s.state.outputKind(), data, Split.VALIDATION, 4, 8, 2);
        assertEquals(two.loss(), v.get(1).valLoss(), 1e-12, "the sample is the split's first two batches");

        int from = h.output().length();
        h.run("train lm on elman steps=1 batch=4 seq=8 val_batches=all\nevaluate lm on elman\n");
        String out = h.output().substring(from);
        double full = validated(h).get(2).valLoss();
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "val_loss %.4f (full)", full)), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "loss            %.4f", full)), "evaluate scores all:\n" + out);
        assertNotEquals(two.loss(), full);
    }

    @Test
    void anEncoderDecoderValidatesOnASampleToo() {
        EngineHarness h = new EngineHarness().run("""
                set seed=3
                task reverse length=4 symbols=4 samples=2000
                model t {
                  encoder { embed 8; layer gru(hidden=16) }
                  decoder { embed 8; layer gru(hidden=16); attention over=encoder kind=dot; output softmax }
                }
                train t on reverse steps=2 batch=8 val_batches=3
                """);
        assertTrue(h.output().contains("(3/25 batches)"), h.output());
    }
}
