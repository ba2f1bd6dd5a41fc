package org.seqlab.lang.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.seqlab.session.Background;
import org.seqlab.session.StatusLine;

/**
 * What the background-job tests share: an engine, a Background job writing to a buffer and to a recorded status
 * line, and a probe that holds the training thread once at a chosen step until the test lets it go.
 */
abstract class BackgroundFixture {
    static final long WAIT = 60;

    /** Records what the status line was asked to do, in order. */
    static final class Recording implements StatusLine {
        final List<String> events = new ArrayList<>();

        @Override public synchronized void show(String text) { events.add(text); }

        @Override public synchronized void clear() { events.add("<clear>"); }

        synchronized String last() { return events.get(events.size() - 1); }

        synchronized boolean any(String part) { return events.stream().anyMatch(e -> e.contains(part)); }
    }

    final EngineHarness h = new EngineHarness();
    final ByteArrayOutputStream jobBytes = new ByteArrayOutputStream();
    private final PrintStream job = new PrintStream(jobBytes, true, StandardCharsets.UTF_8);
    final Recording status = new Recording();
    final Background bg = h.interp.runInBackground(job, job, status);
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch go = new CountDownLatch(1);

    String jobOutput() {
        return jobBytes.toString(StandardCharsets.UTF_8);
    }

    /** Holds the training thread once, after step {@code n}, until the test lets it go. */
    void holdAt(long n) {
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

    /** What the statement printed on the engine's output. */
    static String after(EngineHarness e, String statement) {
        int from = e.output().length();
        e.run(statement);
        return e.output().substring(from);
    }
}
