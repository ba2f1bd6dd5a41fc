package org.seqlab.backend.cuda;

import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;

/**
 * The machine's GPU for the "gpu"-tagged tests, opened once. Without an NVIDIA driver a test reports itself skipped
 * with the reason; with the driver present, a GPU that does not open fails the test ({@link Machine#requireGpu}).
 */
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
        Machine.requireGpu(gpu != null, unavailable);
        return gpu;
    }
}
