package org.seqlab.inspect.render;

/**
 * How to print to a terminal.
 *
 * @param mode    colour escapes or character shades
 * @param width   columns available; long texts wrap into chunks of tokens that fit (at least 20)
 * @param values  print the numbers in the cells (the {@code values} request)
 * @param maxRows rows (units) shown per map; the rest are counted, not shown (at least 1)
 */
public record TerminalOptions(ColorMode mode, int width, boolean values, int maxRows) {

    public TerminalOptions {
        if (mode == null) {
            throw new IllegalArgumentException("colour mode is required");
        }
        width = Math.max(20, width);
        maxRows = Math.max(1, maxRows);
    }

    /** Width 100, no values, at most 40 rows per map. */
    public static TerminalOptions of(ColorMode mode) {
        return new TerminalOptions(mode, 100, false, 40);
    }

    public TerminalOptions withWidth(int w) {
        return new TerminalOptions(mode, w, values, maxRows);
    }

    public TerminalOptions withValues(boolean v) {
        return new TerminalOptions(mode, width, v, maxRows);
    }

    public TerminalOptions withMaxRows(int n) {
        return new TerminalOptions(mode, width, values, n);
    }
}
