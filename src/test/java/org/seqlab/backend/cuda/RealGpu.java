package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;

/** The machine's GPU for the "gpu"-tagged tests, opened once; a test without one reports itself skipped with the reason. */
final class RealGpu {
    private static Backend gpu;
    private static String unavailable;
    private static boolean tried;

    private RealGpu() {}

    static synchronized Backend require() {
        if (!tried) {
            tried = true;
            try {
                gpu = Backends.create("cuda", 1);
            } catch (BackendException e) {
                unavailable = e.getMessage();
            }
        }
        assumeTrue(gpu != null, unavailable);
        return gpu;
    }
}
