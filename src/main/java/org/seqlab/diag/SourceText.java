package org.seqlab.diag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts that diagnostics point into, by file name, so that the formatter can show the
 * offending line. The parser registers every text it reads (scripts, REPL lines, -e text).
 */
public final class SourceText {

    private static final Map<String, List<String>> LINES = new ConcurrentHashMap<>();

    private SourceText() {
    }

    public static void register(String file, String text) {
        List<String> lines = new java.util.ArrayList<>(text.lines().toList());
        if (text.endsWith("\n") || text.endsWith("\r")) {
            lines.add("");    // the empty last line, where "found the end of the file" points
        }
        LINES.put(file, List.copyOf(lines));
    }

    /** The 1-based line of a registered file, or null when unknown. */
    public static String line(String file, int line) {
        List<String> lines = LINES.get(file);
        if (lines == null || line < 1 || line > lines.size()) {
            return null;
        }
        return lines.get(line - 1);
    }
}
