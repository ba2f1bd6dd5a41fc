package org.seqlab.inspect.render;

import java.util.Locale;
import java.util.Map;

/**
 * How the terminal shows colour. The caller picks it (the REPL from its terminal, a batch run from
 * whether stdout is a terminal); {@link #detect(Map, boolean)} is the usual choice.
 */
public enum ColorMode {
    /** 24-bit colour escapes: ESC[48;2;R;G;Bm. */
    TRUECOLOR,
    /** The xterm 256-colour palette: ESC[48;5;Nm. */
    ANSI256,
    /** No escapes at all: character shades " .:-=+*#%@" (NO_COLOR, dumb terminals, files, pipes). */
    SHADES;

    /**
     * From the environment: NO_COLOR set and non-empty (no-color.org) or TERM unset, empty or "dumb"
     * gives SHADES; COLORTERM "truecolor" or "24bit" gives TRUECOLOR; otherwise ANSI256.
     */
    public static ColorMode detect(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return SHADES;
        }
        String term = env.getOrDefault("TERM", "");
        if (term.isEmpty() || term.equals("dumb")) {
            return SHADES;
        }
        String colorterm = env.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
        if (colorterm.equals("truecolor") || colorterm.equals("24bit")) {
            return TRUECOLOR;
        }
        return ANSI256;
    }

    /** As {@link #detect(Map)}, and SHADES whenever the output is not a terminal (a file, a pipe). */
    public static ColorMode detect(Map<String, String> env, boolean outputIsTerminal) {
        return outputIsTerminal ? detect(env) : SHADES;
    }
}
