package org.seqlab.backend.cpu;

import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendProvider;

/** Registers the tuned CPU backend ({@link FastBackend}) as {@code cpu}. */
public final class CpuProvider implements BackendProvider {
    @Override public String name() { return "cpu"; }

    @Override public Backend open(int threads) { return new FastBackend(threads); }
}
