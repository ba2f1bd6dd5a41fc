package org.seqlab.backend.cpu;

import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendProvider;

/** Registers the tuned CPU backend as {@code cpu}. */
public final class CpuProvider implements BackendProvider {
    @Override public String name() { return "cpu"; }

    @Override public Backend open(int threads) {
        CpuBackend b = CpuBackend.fast();
        b.setThreads(threads);
        return b;
    }
}
