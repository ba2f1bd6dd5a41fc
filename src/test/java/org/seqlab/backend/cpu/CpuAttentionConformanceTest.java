package org.seqlab.backend.cpu;

import org.seqlab.backend.CpuBackends;
import org.seqlab.backend.AttentionConformanceTest;
import org.seqlab.backend.Backend;

/** The attention operations on the tuned CPU backend, two worker threads. */
class CpuAttentionConformanceTest extends AttentionConformanceTest {
    private static final Backend FAST = CpuBackends.fast();

    static { FAST.setThreads(2); }

    @Override protected Backend backend() { return FAST; }
}
