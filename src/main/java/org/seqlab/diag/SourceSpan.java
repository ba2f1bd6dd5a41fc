package org.seqlab.diag;

/**
 * Where something stands in a source text: file name, 1-based line and column, and length in
 * characters (at least 1, so a caret can always be drawn). ANTLR's 0-based columns are converted
 * in exactly one place, the syntax package.
 */
public record SourceSpan(String file, int line, int column, int length) {

    public SourceSpan {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("spans are 1-based: " + line + ":" + column);
        }
        length = Math.max(1, length);
    }

    /** A span for text that came from nowhere in particular (a generated statement, a test). */
    public static SourceSpan unknown(String file) {
        return new SourceSpan(file, 1, 1, 1);
    }

    /** The span from the start of this one to the end of {@code other}, when both are on one line. */
    public SourceSpan to(SourceSpan other) {
        if (other.line != line || other.column < column) {
            return this;
        }
        return new SourceSpan(file, line, column, other.column + other.length - column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
