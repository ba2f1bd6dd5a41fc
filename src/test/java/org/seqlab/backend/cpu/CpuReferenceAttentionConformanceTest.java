package org.seqlab.backend.cpu;

import org.seqlab.backend.CpuBackends;
import org.seqlab.backend.AttentionConformanceTest;
import org.seqlab.backend.Backend;

/** The attention operations on the reference CPU backend, against their definitions. */
class CpuReferenceAttentionConformanceTest extends AttentionConformanceTest {
    @Override protected Backend backend() { return CpuBackends.reference(); }
}
