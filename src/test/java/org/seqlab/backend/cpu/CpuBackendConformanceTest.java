package org.seqlab.backend.cpu;

import org.seqlab.backend.CpuBackends;
import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendConformanceTest;

/** The tuned CPU backend, two worker threads, against the reference. */
class CpuBackendConformanceTest extends BackendConformanceTest {
    private static final Backend FAST = CpuBackends.fast();

    static { FAST.setThreads(2); }

    @Override protected Backend backend() { return FAST; }
}
