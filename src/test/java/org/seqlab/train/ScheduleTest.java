package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Learning rates at given steps, as PyTorch's schedulers give them for the same run: LinearLR-style warm-up from
 * lr/warmup, CosineAnnealingLR (T_max = the steps after warm-up, eta_min 0), a linear decay to 0, and
 * MultiStepLR(milestones at 1/2 and 3/4 of the run, gamma 0.1).
 */
class ScheduleTest {
    private static final float LR = 0.01f;

    private static float at(String kind, int warmup, long t, long total) {
        return Schedule.rate(kind, LR, warmup, t, total);
    }

    @Test void constantStaysPut() {
        for (long t = 0; t < 10; t++) assertEquals(LR, at("constant", 0, t, 10));
    }

    @Test void warmUpRisesLinearlyToTheRateThenTheScheduleStarts() {
        assertEquals(0.0025f, at("constant", 4, 0, 10), 1e-9);
        assertEquals(0.005f, at("constant", 4, 1, 10), 1e-9);
        assertEquals(0.0075f, at("constant", 4, 2, 10), 1e-9);
        assertEquals(0.01f, at("constant", 4, 3, 10), 1e-9);
        assertEquals(0.01f, at("constant", 4, 9, 10), 1e-9);
        assertEquals(0.0025f, at("cosine", 4, 0, 10), 1e-9);  // warm-up is the same for every schedule
        assertEquals(0.01f, at("cosine", 4, 4, 10), 1e-9);    // the cosine starts at the full rate after warm-up
    }

    @Test void cosineFallsToZeroAtTheEndOfTheRun() {
        // total 10, no warm-up: lr/2 (1 + cos(pi t / 10))
        assertEquals(0.01f, at("cosine", 0, 0, 10), 1e-9);
        assertEquals(0.0090451f, at("cosine", 0, 2, 10), 1e-7);
        assertEquals(0.005f, at("cosine", 0, 5, 10), 1e-9);
        assertEquals(0.0002447f, at("cosine", 0, 9, 10), 1e-7);
        // total 10, warm-up 4: the cosine spans the last 6 steps
        assertEquals(0.0075f, at("cosine", 4, 6, 10), 1e-7);
        assertEquals(0.0006699f, at("cosine", 4, 9, 10), 1e-7);
    }

    @Test void linearFallsToZero() {
        assertEquals(0.01f, at("linear", 0, 0, 10), 1e-9);
        assertEquals(0.006f, at("linear", 0, 4, 10), 1e-9);
        assertEquals(0.001f, at("linear", 0, 9, 10), 1e-9);
    }

    @Test void stepDividesByTenAtHalfAndThreeQuarters() {
        assertEquals(0.01f, at("step", 0, 9, 20), 1e-9);
        assertEquals(0.001f, at("step", 0, 10, 20), 1e-9);
        assertEquals(0.001f, at("step", 0, 14, 20), 1e-9);
        assertEquals(0.0001f, at("step", 0, 15, 20), 1e-9);
        assertEquals(0.0001f, at("step", 0, 19, 20), 1e-9);
    }
}
