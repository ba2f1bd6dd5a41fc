package org.seqlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A part that throws reaches the caller, after every part has finished, and the pool keeps working. */
class WorkerPoolTest {
    @Test @Timeout(20) void aFailingPartIsRethrownAndThePoolStillRuns() {
        WorkerPool pool = new WorkerPool(3);
        for (int failing = 0; failing < 3; failing++) {
            int bad = failing;
            AtomicInteger done = new AtomicInteger();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.run((part, parts) -> {
                if (part == bad) throw new IllegalArgumentException("part " + part);
                done.incrementAndGet();
            }, 3));
            assertEquals("part " + bad, e.getMessage());
            assertEquals(2, done.get(), "the other parts ran to the end");
            AtomicInteger after = new AtomicInteger();
            pool.run((part, parts) -> after.incrementAndGet(), 3);
            assertEquals(3, after.get());
        }
        pool.shutdown();
    }

    /**
     * Parts are claimed by whoever comes first, the caller included: in many quick tasks (workers spinning, late,
     * or parked after an idle spell) each part runs exactly once, and the caller returns only when all are done.
     */
    @Test @Timeout(60) void everyPartRunsOnceWhoeverClaimsIt() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3);
        for (int round = 0; round < 20_000; round++) {
            int parts = 2 + round % 2;
            int[] runs = new int[parts];
            AtomicInteger finished = new AtomicInteger();
            pool.run((part, n) -> {
                runs[part]++;
                finished.incrementAndGet();
            }, parts);
            assertEquals(parts, finished.get(), "round " + round + ": returned before every part was done");
            for (int p = 0; p < parts; p++) assertEquals(1, runs[p], "round " + round + ", part " + p);
            if (round % 5_000 == 0) Thread.sleep(30);    // the workers park
        }
        pool.shutdown();
    }
}
