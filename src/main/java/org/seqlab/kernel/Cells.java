package org.seqlab.kernel;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.lang.syntax.Tokens;

/**
 * A cell split into what runs in turn: runs of statements, and {@code :} commands, each a line of its own
 * outside any open block. A statements part keeps the cell's line numbers (the lines of other parts are
 * left empty in it), so errors point at the cell's own lines.
 */
final class Cells {

    record Part(boolean command, String text) {
    }

    private Cells() {
    }

    static List<Part> split(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        StringBuilder statements = new StringBuilder();
        boolean any = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.stripLeading().startsWith(":") && Tokens.openBrackets(statements.toString()) <= 0) {
                if (any) parts.add(new Part(false, statements.toString()));
                parts.add(new Part(true, line.strip()));
                statements.setLength(0);
                statements.append("\n".repeat(i + 1));
                any = false;
                continue;
            }
            statements.append(line).append('\n');
            any |= !line.isBlank();
        }
        if (any) parts.add(new Part(false, statements.toString()));
        return parts;
    }
}
