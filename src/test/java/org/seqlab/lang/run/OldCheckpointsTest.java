package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.train.HistoryPoint;

/**
 * Checkpoints written before the training loop, the checkpoint writer and the session were unified (by commit
 * 01c2d0c, see fixtures/checkpoints_01c2d0c) still load, and training goes on from them with the numbers that
 * build printed: a plain LSTM (carried state, optimizer) and an encoder-decoder with dropout and teacher forcing
 * (shuffles, coin, dropout streams).
 */
class OldCheckpointsTest {
    private static final String DIR = "src/test/resources/fixtures/checkpoints_01c2d0c/";

    private static List<Double> losses(EngineHarness h, String model) {
        return h.interp.workspace().model(model).state.history().stream().map(HistoryPoint::loss).toList();
    }

    private static void assertLosses(List<Double> expected, List<Double> got) {
        assertEquals(expected.size(), got.size(), got.toString());
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), got.get(i), 5e-5, got.toString());
    }

    @Test
    void aPlainModelsCheckpointLoadsAndTrainsOnAsBefore() {
        EngineHarness h = new EngineHarness().run("set seed=9\ncorpus elman sentences=400 seed=3\nload \"" + DIR
                + "old_lm.safetensors\"\nevaluate lm on elman\ntrain lm on elman steps=3 batch=4 seq=8 validate=1\n");
        assertTrue(h.output().contains("loaded lm (2,639 parameters, step 5)"), h.output());
        assertTrue(h.output().contains("  loss            3.6814\n"), h.output());
        assertEquals(8, h.session("lm").state.step());
        assertLosses(List.of(3.7003, 3.6919, 3.6747), losses(h, "lm"));
    }

    @Test
    void anEncoderDecodersCheckpointLoadsAndTrainsOnAsBefore() {
        EngineHarness h = new EngineHarness().run("set seed=9\ntask reverse length=4 symbols=4 samples=200\nload \"" + DIR
                + "old_t.safetensors\"\nevaluate t on reverse\n"
                + "train t on reverse steps=3 batch=8 lr=1e-2 validate=1 teacher_forcing=0.5\n");
        assertTrue(h.output().contains("loaded t (3,111 parameters, step 4)"), h.output());
        assertTrue(h.output().contains("validation: loss 1.7820, token accuracy 30.00%"), h.output());
        assertEquals(7, h.session("t").state.step());
        assertLosses(List.of(1.7446, 1.7129, 1.7066), losses(h, "t"));
    }
}
