package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The live status line of a background run: progress while it trains, what :pause, :resume and
 * :stop are doing, cleared when the run ends. The training thread is held through the test probe.
 */
class BackgroundStatusTest {
    private static final String TRAIN = "train lm on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000\n";
    private static final long WAIT = 60;

    /** Records what the status line was asked to do, in order. */
    private static final class Recording implements StatusLine {
        final List<String> events = new ArrayList<>();

        @Override public synchronized void show(String text) { events.add(text); }

        @Override public synchronized void clear() { events.add("<clear>"); }

        synchronized String last() { return events.get(events.size() - 1); }

        synchronized boolean any(String part) { return events.stream().anyMatch(e -> e.contains(part)); }
    }

    private final EngineHarness h = new EngineHarness();
    private final ByteArrayOutputStream jobBytes = new ByteArrayOutputStream();
    private final PrintStream job = new PrintStream(jobBytes, true, StandardCharsets.UTF_8);
    private final Recording status = new Recording();
    private final Background bg = new Background(h.interp, job, job, status);
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch go = new CountDownLatch(1);

    private void holdAt(long n) {
        bg.probe(step -> {
            if (step == n && reached.getCount() > 0) {
                reached.countDown();
                try {
                    go.await(WAIT, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

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
