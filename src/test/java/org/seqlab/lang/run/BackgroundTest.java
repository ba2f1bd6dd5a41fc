package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Training as a background job: statements asked meanwhile are served at step boundaries on the
 * training thread, pausing and inspecting leave the run exactly as an uninterrupted one, :stop keeps
 * the weights. The training thread is held at a chosen step through the test probe, so nothing here
 * waits on time.
 */
class BackgroundTest extends BackgroundFixture {
    private static final String SETUP = EngineHarness.DATA + EngineHarness.MODEL;
    private static final String TRAIN = "train lm on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000\n";
    private static final String INSPECT = "inspect hidden layer=1 on \"boy eat cookie .\" values";

    @Test
    void pausingAndInspectingLeaveTheRunAsIfUninterrupted() throws InterruptedException {
        h.run(SETUP);
        holdAt(3);
        h.run(String.format(TRAIN, 20));
        assertTrue(h.output().contains("training lm in the background"), h.output());
        assertTrue(reached.await(WAIT, TimeUnit.SECONDS));
        assertEquals("pausing lm at the next step boundary", bg.pause());
        go.countDown();
        assertTrue(bg.awaitHeld(WAIT, TimeUnit.SECONDS), "the run holds at step 3");
        int before = jobOutput().length();
        h.run(INSPECT);
        h.run(INSPECT);
        assertTrue(bg.awaitHeld(WAIT, TimeUnit.SECONDS), "both inspections served while paused");
        String served = jobOutput().substring(before);
        assertTrue(jobOutput().contains("paused lm at step 3"), jobOutput());
        assertEquals("resuming lm", bg.resume());
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertFalse(bg.running());
        assertTrue(jobOutput().contains("done: 20 steps"), jobOutput());

        EngineHarness sync = new EngineHarness().run(SETUP + String.format(TRAIN, 20));
        assertEquals(sync.losses("lm"), h.losses("lm"), "losses identical, step for step");
        EngineHarness at3 = new EngineHarness().run(SETUP + String.format(TRAIN, 3));
        String once = after(at3, INSPECT);
        assertEquals(once + once, served, "the inspections saw the weights of step 3");
    }

    @Test
    void stopKeepsTheWeightsAndTrainingAgainContinues() throws InterruptedException {
        h.run(SETUP);
        holdAt(2);
        h.run(String.format(TRAIN, 100_000));
        assertTrue(reached.await(WAIT, TimeUnit.SECONDS));
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(String.format(TRAIN, 2)));
        assertEquals("lm is training; :stop it first", f.diagnostics().get(0).message());
        assertThrows(RunFailure.class, () -> h.run("model lm { embed 4 }"));
        h.run("model other { embed 4 }");
        assertTrue(h.interp.workspace().scope().models().containsKey("other"), "other definitions run at once");
        assertEquals("stopping lm at the next step boundary", bg.stop());
        go.countDown();
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertTrue(jobOutput().contains("stopped at step 2; weights kept"), jobOutput());
        assertEquals(2, h.session("lm").state.step());

        h.run(String.format(TRAIN, 3) + "sample 5 from \"boy\" greedy\n");
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertEquals(5, h.session("lm").state.step());
        EngineHarness sync = new EngineHarness().run(SETUP + String.format(TRAIN, 2) + String.format(TRAIN, 3));
        assertEquals(sync.losses("lm"), h.losses("lm"), "stop at 2 + 3 more steps = 2 steps + 3 steps");
        String sample = after(sync, "sample 5 from \"boy\" greedy");
        assertTrue(jobOutput().endsWith(sample), "the statement after train ran when the run ended:\n" + jobOutput());
        assertEquals("nothing is training", bg.stop());
    }
}
