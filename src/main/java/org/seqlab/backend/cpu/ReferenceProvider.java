package org.seqlab.backend.cpu;

import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendProvider;

/** Registers the plain CPU backend ({@link ReferenceBackend}, one thread) as {@code cpu-reference}. */
public final class ReferenceProvider implements BackendProvider {
    @Override public String name() { return "cpu-reference"; }

    @Override public Backend open(int threads) { return new ReferenceBackend(); }
}
