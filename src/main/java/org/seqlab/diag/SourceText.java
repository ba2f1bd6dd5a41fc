package org.seqlab.diag;

import java.util.ArrayList;
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
        LINES.put(file, split(text));
    }

    /**
     * The lines as the lexer counts them: only '\n' ends a line (a '\r' before it is dropped), so a
     * stray '\r', U+2028 or NEL inside a line does not shift every line after it. An empty text has
     * one empty line, so a diagnostic at 1:1 still has a line to show.
     */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            out.add(text.substring(start, end));
            start = nl + 1;
        }
        if (start < text.length() || out.isEmpty()) {
            out.add(text.substring(start));
        }
        return out;
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
