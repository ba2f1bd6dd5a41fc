package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain text in rows and columns: the model summary (layer, output shape, parameters), nearest
 * neighbours of a word, a comparison of runs. Columns whose cells all read as numbers are
 * right-aligned when printed.
 *
 * @param title  shown above, or ""
 * @param header column names
 * @param rows   each with header.size() cells
 * @param footer lines under the table ("total parameters: 12,345"), may be empty
 */
public record Table(String title, List<String> header, List<List<String>> rows, List<String> footer) {

    public Table {
        title = title == null ? "" : title;
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != header.size()) {
                throw new IllegalArgumentException("table '" + title + "': row " + r + " has "
                        + rows.get(r).size() + " cells for " + header.size() + " columns");
            }
            copy.add(List.copyOf(rows.get(r)));
        }
        rows = List.copyOf(copy);
        footer = footer == null ? List.of() : List.copyOf(footer);
    }

    public Table(String title, List<String> header, List<List<String>> rows) {
        this(title, header, rows, List.of());
    }

    /** True when every non-empty cell of column c reads as a number (digits, sign, '.', ',', 'e', '%', 'x'). */
    boolean numeric(int c) {
        boolean any = false;
        for (List<String> row : rows) {
            String s = row.get(c).strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.matches("[-+]?[0-9][0-9,_]*(\\.[0-9]+)?([eE][-+]?[0-9]+)?%?")) {
                return false;
            }
            any = true;
        }
        return any;
    }
}
