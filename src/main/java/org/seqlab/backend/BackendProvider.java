package org.seqlab.backend;

/**
 * One kind of backend, found by {@link Backends} through {@link java.util.ServiceLoader} (listed in
 * META-INF/services/org.seqlab.backend.BackendProvider), as DJL finds its engines: the backend API never names
 * its implementations, and a build without one simply does not list it. A provider must be cheap to create; the
 * work (and any native library) waits for {@link #open}.
 */
public interface BackendProvider {
    /** The name {@code set backend=} uses: cpu, cuda. */
    String name();

    /** A new backend with {@code threads} CPU threads where it uses them; a {@link BackendException} says why not. */
    Backend open(int threads);
}
