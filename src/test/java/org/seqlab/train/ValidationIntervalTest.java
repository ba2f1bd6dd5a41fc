package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a run validates by default: about ten times, at most 200 steps apart, and rarely enough to stay cheap. */
class ValidationIntervalTest {

    private static TrainConfig config(int valEvery, int valBatches) {
        return new TrainConfig(0, 1, 50, 50, 2e-3f, "adam", 0, false, 5, Float.NaN, "constant", 0, 1, null, valEvery,
                TrainConfig.BETA1, TrainConfig.BETA2, valBatches);
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
    }

    @Test
    void theDefaultKeepsValidationNearATenthOfTheWork() {
        // 20 batches' forward passes cost about 20/3 training steps: at least 67 steps apart.
        assertEquals(67, config(0, 20).validationInterval(40));
        assertEquals(67, config(0, 20).validationInterval(100));
        assertEquals(200, config(0, 20).validationInterval(5000));
        assertEquals(667, config(0, 200).validationInterval(5000));
        // The whole split each time (val_batches=all): the old rhythm, about ten per run.
        assertEquals(4, config(0, 0).validationInterval(40));
        assertEquals(200, config(0, 0).validationInterval(100_000));
    }

    @Test
    void aFortyStepRunOfTheBigLstmSpendsUnderFifteenPercentValidating() {
        // Issue 17's run: 2x512 LSTM, B50 T50, 40 steps; a forward batch measured at about 0.32 of a training step
        // (140 s for 10 validations of 44 batches against 40 s for 40 steps). Counted, not timed.
        TrainConfig c = config(0, 20);
        long validations = validations(c, 40);
        assertEquals(1, validations, "only the run's last step validates");
        double training = 40, validating = validations * 20 * 0.32;
        assertEquals(0.138, validating / (training + validating), 0.005);
        // Before: the whole split (44 batches) every 4 steps.
        double before = validations(config(0, 0), 40) * 44 * 0.32;
        assertEquals(0.78, before / (training + before), 0.01);
    }
}
