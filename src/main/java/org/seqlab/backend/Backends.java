package org.seqlab.backend;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import org.seqlab.backend.cpu.CpuBackend;

/**
 * Chooses a backend by name: {@code cpu}, {@code cuda} or {@code auto}. The GPU backend is loaded
 * reflectively, so the CPU path never touches JCuda's classes or native library.
 * {@code cuda} on a machine without a usable GPU throws a one-line {@link BackendException};
 * {@code auto} then falls back to the CPU and says so once in {@link Choice#note()}.
 */
public final class Backends {
    /** The names {@link #select} accepts. */
    public static final String NAMES = "cpu, cuda or auto";

    private static final String CUDA_CLASS = "org.seqlab.backend.cuda.CudaBackend";

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
                throw new IllegalArgumentException("unknown backend '" + name + "' (expected " + NAMES + ")");
        }
    }

    /** The user-facing error for the GPU backend: one line, the reason and what to do instead. */
    public static String cudaUnavailable(String reason) {
        return "backend=cuda is not available: " + reason + "; use backend=cpu";
    }

    private static Backend cpu(int threads) {
        CpuBackend b = CpuBackend.fast();
        b.setThreads(threads);
        return b;
    }

    /** Opens the GPU backend through reflection; any failure becomes a BackendException carrying the reason. */
    private static Backend cuda() {
        Class<?> c;
        try {
            c = Class.forName(CUDA_CLASS);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BackendException("this build of seqlab has no GPU support (" + e + ")");
        }
        try {
            return (Backend) c.getMethod("open").invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException be) throw be;
            throw new BackendException(firstLine(cause));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new BackendException(firstLine(e));
        }
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
