package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.seqlab.train.HistoryPoint;
import org.seqlab.session.ModelSession;

/**
 * Encoder-decoder training as a background job, as plain models train (see {@link BackgroundTest}): statements
 * asked meanwhile are served at step boundaries, pausing leaves the run exactly as an uninterrupted one, :stop
 * keeps the weights and the step, rules run, conflicting statements are refused. The training thread is held at
 * a chosen step through the test probe, so nothing here waits on time.
 */
class Seq2SeqBackgroundTest extends BackgroundFixture {
    private static final String SETUP = """
            set seed=3
            task reverse length=4 symbols=4 samples=200
            model t {
              encoder { embed 8; layer gru(hidden=16) }
              decoder { embed 8; layer gru(hidden=16); attention over=encoder kind=dot; output softmax }
            }
            """;
    private static final String TRAIN = "train t on reverse steps=%d batch=8 lr=1e-2 validate=1000 teacher_forcing=0.5\n";
    private static final String TRANSLATE = "translate \"a b c d\" with t";

    private static ModelSession session(EngineHarness e) {
        return e.interp.workspace().model("t");
    }

    private static List<Double> losses(EngineHarness e) {
        return session(e).state.history().stream().map(HistoryPoint::loss).toList();
    }

    /** The text without the lines that report speed (tokens/s differ from run to run). */
    private static List<String> withoutSpeed(String text) {
        return text.lines().filter(l -> !l.contains("tok")).toList();
    }

    @Test
    void pausingAndTranslatingLeaveTheRunAsIfUninterrupted() throws InterruptedException {
        h.run(SETUP);
        holdAt(3);
        h.run(String.format(TRAIN, 12));
        assertTrue(h.output().contains("training t in the background"), h.output());
        assertTrue(reached.await(WAIT, TimeUnit.SECONDS));
        assertTrue(status.any("step 1 (1/12, 8%)  loss "), status.events.toString());
        assertEquals("pausing t at the next step boundary", bg.pause());
        go.countDown();
        assertTrue(bg.awaitHeld(WAIT, TimeUnit.SECONDS), "the run holds at step 3");
        assertEquals("paused t at step 3 (:resume or :stop)", status.last());
        int before = jobOutput().length();
        h.run(TRANSLATE);
        h.run(TRANSLATE);
        assertTrue(bg.awaitHeld(WAIT, TimeUnit.SECONDS), "both translations served while paused");
        String served = jobOutput().substring(before);
        assertEquals("resuming t", bg.resume());
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertFalse(bg.running());
        assertTrue(jobOutput().contains("done: 12 steps"), jobOutput());
        assertEquals("<clear>", status.last(), "the status line goes when the run ends");
        assertEquals(12, session(h).state.step());

        EngineHarness sync = new EngineHarness().run(SETUP + String.format(TRAIN, 12));
        assertEquals(losses(sync), losses(h), "losses identical, step for step");
        EngineHarness at3 = new EngineHarness().run(SETUP + String.format(TRAIN, 3));
        String once = after(at3, TRANSLATE);
        assertEquals(once + once, served, "the translations saw the weights of step 3");
    }

    @Test
    void stopKeepsTheWeightsAndConflictsAreRefused() throws InterruptedException {
        h.run(SETUP);
        holdAt(2);
        h.run(String.format(TRAIN, 100_000));
        assertTrue(reached.await(WAIT, TimeUnit.SECONDS));
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(String.format(TRAIN, 2)));
        assertEquals("t is training; :stop it first", f.diagnostics().get(0).message());
        assertThrows(RunFailure.class, () -> h.run("model t { embed 4 }"));
        assertThrows(RunFailure.class, () -> h.run("load \"t.safetensors\""));
        h.run("model other { embed 4 }");
        assertTrue(h.interp.workspace().scope().models().containsKey("other"), "other definitions run at once");
        assertEquals("stopping t at the next step boundary", bg.stop());
        assertEquals("stopping t at the next step boundary", status.last());
        go.countDown();
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertTrue(jobOutput().contains("stopped at step 2; weights kept"), jobOutput());
        assertEquals(2, session(h).state.step());

        h.run(String.format(TRAIN, 3) + TRANSLATE + "\n");
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertEquals(5, session(h).state.step());
        EngineHarness sync = new EngineHarness().run(SETUP + String.format(TRAIN, 2) + String.format(TRAIN, 3));
        assertEquals(losses(sync), losses(h), "stop at 2 + 3 more steps = 2 steps + 3 steps");
        assertTrue(jobOutput().endsWith(after(sync, TRANSLATE)), "the statement after train ran when the run ended:\n" + jobOutput());
        assertEquals("nothing is training", bg.stop());
    }

    @Test
    void rulesRunAndStopTheJob() throws InterruptedException {
        h.run(SETUP);
        h.run("train t on reverse steps=50 batch=8 validate=2 {\n  every 2 steps: " + TRANSLATE + "\n  when step >= 4: stop\n}\n");
        assertTrue(bg.await(WAIT, TimeUnit.SECONDS));
        assertTrue(jobOutput().contains("stopped by a rule at step 4"), jobOutput());
        assertEquals(4, session(h).state.step());
        EngineHarness sync = new EngineHarness().run(SETUP
                + "train t on reverse steps=50 batch=8 validate=2 {\n  every 2 steps: " + TRANSLATE + "\n  when step >= 4: stop\n}\n");
        assertEquals(losses(sync), losses(h));
        assertEquals(withoutSpeed(sync.output().substring(sync.output().indexOf("training on reverse"))), withoutSpeed(jobOutput()),
                "the same output as in the foreground");
        assertTrue(after(sync, "plot loss").contains("loss of t over 4 steps"), "the history plots as a plain model's");
    }
}
