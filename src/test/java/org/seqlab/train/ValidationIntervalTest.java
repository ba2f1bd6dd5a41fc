package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When a run validates and on how many batches: about ten times, at most 200 steps apart, rarely enough and on few
 * enough batches (by default) to stay near a tenth of the run's time.
 */
class ValidationIntervalTest {

    /** val_batches given by the user (0: all). */
    private static TrainConfig config(int valEvery, int valBatches) {
        return new TrainConfig(0, 1, 50, 50, 2e-3f, "adam", 0, false, 5, Float.NaN, "constant", 0, 1, null, valEvery,
                TrainConfig.BETA1, TrainConfig.BETA2, valBatches);
    }

    /** val_batches not given: the default of 20, scaled down in a short run. */
    private static TrainConfig byDefault(int valEvery) {
        return new TrainConfig(0, 1, 50, 50, 2e-3f, "adam", 0, false, 5, Float.NaN, "constant", 0, 1, null, valEvery,
                TrainConfig.BETA1, TrainConfig.BETA2, 20, true);
    }

    /** Validations in a run of {@code total} steps on an epoch longer than the run: every interval, and the last step. */
    private static long validations(TrainConfig c, long total) {
        int every = c.validationInterval(total);
        return total / every + (total % every == 0 ? 0 : 1);
    }

    @Test
    void aGivenIntervalIsKept() {
        assertEquals(3, config(3, 20).validationInterval(40));
        assertEquals(250, config(250, 20).validationInterval(5000));
        assertEquals(3, byDefault(3).validationInterval(40));
    }

    @Test
    void givenBatchesAreKeptAndTheDefaultShrinksInAShortRun() {
        assertEquals(20, config(0, 20).validationBatches(40));
        assertEquals(3, config(0, 3).validationBatches(5));
        assertEquals(0, config(0, 0).validationBatches(40), "all");
        assertEquals(4, byDefault(0).validationBatches(40));
        assertEquals(1, byDefault(0).validationBatches(6));
        assertEquals(15, byDefault(0).validationBatches(150));
        assertEquals(20, byDefault(0).validationBatches(200));
        assertEquals(20, byDefault(0).validationBatches(100_000));
    }

    @Test
    void theIntervalLeavesValidationNearATenthOfTheTime() {
        // B batches' forward passes cost about 2B/3 training steps: at least 20B/3 steps apart.
        assertEquals(134, config(0, 20).validationInterval(40));
        assertEquals(200, config(0, 20).validationInterval(5000));
        assertEquals(1334, config(0, 200).validationInterval(5000));
        assertEquals(27, byDefault(0).validationInterval(40));
        assertEquals(67, byDefault(0).validationInterval(100));
        assertEquals(200, byDefault(0).validationInterval(5000));
        // The whole split each time (val_batches=all): the old rhythm, about ten per run.
        assertEquals(4, config(0, 0).validationInterval(40));
        assertEquals(200, config(0, 0).validationInterval(100_000));
    }

    @Test
    void aFortyStepRunOfTheBigLstmSpendsUnderFifteenPercentValidating() {
        // Issue 17's run: 2x512 LSTM, B50 T50, 40 steps. A validation batch was measured at 0.26 s against 0.415 s per
        // training step (0.63 of a step; under load). Counted, not timed.
        double cost = 0.63;
        TrainConfig c = byDefault(0);
        long validations = validations(c, 40);
        assertEquals(2, validations, "at step 27 and at the run's last step");
        double training = 40, validating = validations * c.validationBatches(40) * cost;
        assertTrue(validating / (training + validating) < 0.15, "share " + validating / (training + validating));
        // Before: one validation, at the end, of 20 batches (about 24%).
        double before = 20 * cost;
        assertEquals(0.24, before / (training + before), 0.01);
        // Longer default runs stay under the same bound, the validation at the end included.
        for (long total : new long[] {10, 100, 150, 200, 500, 1000, 5000}) {
            double v = validations(c, total) * c.validationBatches(total) * cost;
            assertTrue(v / (total + v) < 0.15, total + " steps: share " + v / (total + v));
        }
    }
}
