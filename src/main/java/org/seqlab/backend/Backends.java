package org.seqlab.backend;

import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses a backend by name: {@code cpu}, {@code cuda} or {@code auto} (and {@code cpu-reference}, the plain
 * CPU backend the conformance suite compares with). Backends are found through {@link ServiceLoader}
 * ({@link BackendProvider}), so this package never names its implementations and the CPU path never touches
 * JCuda's classes or native library. Every backend handed out is wrapped in {@link CheckedBackend}, so all
 * backends check their arguments the same way.
 * {@code cuda} on a machine without a usable GPU throws a one-line {@link BackendException};
 * {@code auto} then falls back to the CPU and says so once in {@link Choice#note()}.
 */
public final class Backends {
    /** The names {@link #select} accepts. */
    public static final String NAMES = "cpu, cuda or auto";

    private Backends() {}

    /** The chosen backend and, when the choice needs saying (a fallback, the GPU found), a line to print once. */
    public record Choice(Backend backend, String note) {}

    /** The backend for a name; the note of an {@code auto} choice is dropped. */
    public static Backend create(String name, int threads) {
        return select(name, threads).backend();
    }

    /** The backend for a name, with threads for the CPU's worker pool; unknown names are an IllegalArgumentException. */
    public static Choice select(String name, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return new Choice(cpu(threads), null);
            case "cuda":
                try {
                    return new Choice(cuda(), null);
                } catch (BackendException e) {
                    throw new BackendException(cudaUnavailable(e.getMessage()));
                }
            case "auto":
                try {
                    Backend b = cuda();
                    return new Choice(b, "backend auto: using " + b);
                } catch (BackendException e) {
                    return new Choice(cpu(threads), "backend auto: no usable GPU (" + e.getMessage() + "), using the CPU");
                }
            default:
                BackendProvider p = provider(name.toLowerCase(Locale.ROOT));
                if (p == null) throw new IllegalArgumentException("unknown backend '" + name + "' (expected " + NAMES + ")");
                return new Choice(CheckedBackend.of(p.open(threads)), null);
        }
    }

    /** The user-facing error for the GPU backend: one line, the reason and what to do instead. */
    public static String cudaUnavailable(String reason) {
        return "backend=cuda is not available: " + reason + "; use backend=cpu";
    }

    private static Backend cpu(int threads) {
        BackendProvider p = provider("cpu");
        if (p == null) throw new IllegalStateException("this build of seqlab lists no CPU backend (META-INF/services)");
        return CheckedBackend.of(p.open(threads));
    }

    /** Opens the GPU backend through its provider; any failure becomes a BackendException carrying the reason. */
    private static Backend cuda() {
        BackendProvider p = provider("cuda");
        if (p == null) throw new BackendException("this build of seqlab has no GPU support");
        try {
            return CheckedBackend.of(p.open(1));
        } catch (BackendException e) {
            throw e;
        } catch (LinkageError | RuntimeException e) {
            throw new BackendException(firstLine(e));
        }
    }

    /** The registered provider of that name, or null; a provider that cannot even be listed counts as absent. */
    static BackendProvider provider(String name) {
        for (ServiceLoader.Provider<BackendProvider> p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
                .stream().toList()) {
            try {
                BackendProvider bp = p.get();
                if (bp.name().equals(name)) return bp;
            } catch (ServiceConfigurationError | LinkageError e) {
                // an implementation whose classes are missing from this build: not available
            }
        }
        return null;
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
