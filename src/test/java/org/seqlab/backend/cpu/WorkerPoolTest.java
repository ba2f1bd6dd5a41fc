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
}
