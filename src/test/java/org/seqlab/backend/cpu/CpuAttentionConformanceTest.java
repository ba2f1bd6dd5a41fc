package org.seqlab.backend.cpu;

import org.seqlab.backend.AttentionConformanceTest;
import org.seqlab.backend.Backend;

/** The attention operations on the tuned CPU backend, two worker threads. */
class CpuAttentionConformanceTest extends AttentionConformanceTest {
    private static final CpuBackend FAST = CpuBackend.fast();

    static { FAST.setThreads(2); }

    @Override protected Backend backend() { return FAST; }
}
