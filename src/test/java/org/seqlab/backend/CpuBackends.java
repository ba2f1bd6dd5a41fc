package org.seqlab.backend;

/** The two CPU backends as the program gets them: through {@link Backends}, with their arguments checked. */
public final class CpuBackends {
    private CpuBackends() {}

    /** The plain backend (EJML, scalar loops, one thread): the yardstick. */
    public static Backend reference() { return Backends.create("cpu-reference", 1); }

    /** The tuned backend with as many threads as cores. */
    public static Backend fast() { return fast(Runtime.getRuntime().availableProcessors()); }

    /** The tuned backend with the given threads. */
    public static Backend fast(int threads) { return Backends.create("cpu", threads); }
}
