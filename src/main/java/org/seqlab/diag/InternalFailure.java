package org.seqlab.diag;

import java.util.Locale;

/**
 * The one message for a failure inside seqlab itself (a bug, or the JVM running out of memory or
 * stack) while it checks or runs a statement: a diagnostic at the statement, in the usual format,
 * saying that nothing changed and what to do. Never a stack trace.
 */
public final class InternalFailure {

    private InternalFailure() {
    }

    /**
     * @param doing what was going on, e.g. {@code "running 'load'"} or {@code "checking 'train'"}
     */
    public static Diagnostic of(SourceSpan span, String doing, Throwable t) {
        if (t instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory();
            return Diagnostic.error(span, "out of memory while " + doing + " (the Java heap holds at most "
                            + megabytes(max) + "); nothing changed",
                    "use a smaller model, batch or file, or give Java more memory (e.g. java -Xmx8g)");
        }
        if (t instanceof StackOverflowError) {
            return Diagnostic.error(span, "too deeply nested to handle while " + doing + " (stack overflow); nothing changed",
                    "nest less deeply; if the input is ordinary, please report it as a bug with the statement you ran");
        }
        return Diagnostic.error(span, "internal error (" + t.getClass().getSimpleName() + ") while " + doing
                        + "; nothing changed",
                "this is a bug in seqlab: please report it with the statement you ran");
    }

    private static String megabytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
