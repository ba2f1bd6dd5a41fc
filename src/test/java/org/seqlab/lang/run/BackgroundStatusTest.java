package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The live status line of a background run: progress while it trains, what :pause, :resume and
 * :stop are doing, cleared when the run ends. The training thread is held through the test probe.
 */
class BackgroundStatusTest extends BackgroundFixture {
    private static final String TRAIN = "train lm on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000\n";

    @Test
    void progressPauseResumeAndEndShowOnTheStatusLine() throws InterruptedException {
        h.run(EngineHarness.DATA + EngineHarness.MODEL);
        holdAt(3);
        h.run(String.format(TRAIN, 20));
        assertTrue(reached.await(WAIT, TimeUnit.SECONDS));
        assertTrue(status.any("step 1 (1/20, 5%)  loss "), status.events.toString());
        assertEquals("pausing lm at the next step boundary", bg.pause());
        assertEquals("pausing lm at the next step boundary", status.last());
        go.countDown();
        assertTrue(bg.awaitHeld(WAIT, TimeUnit.SECONDS));
        assertEquals("paused lm at step 3 (:resume or :stop)", status.last());
        bg.resume();
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertTrue(status.any("resuming lm"), status.events.toString());
        assertTrue(status.any("step 20 (20/20, 100%)"), "the last step is always drawn: " + status.events);
        assertEquals("<clear>", status.last(), "the line goes when the run ends");
        assertTrue(jobBytes.toString(StandardCharsets.UTF_8).contains("done: 20 steps"));
    }

    @Test
    void stopShowsUntilTheRunEndsThenClears() throws InterruptedException {
        h.run(EngineHarness.DATA + EngineHarness.MODEL);
        holdAt(2);
        h.run(String.format(TRAIN, 100_000));
        assertTrue(reached.await(WAIT, TimeUnit.SECONDS));
        bg.stop();
        assertEquals("stopping lm at the next step boundary", status.last());
        go.countDown();
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertEquals("<clear>", status.last());
    }
}
