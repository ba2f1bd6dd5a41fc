package org.seqlab.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.seqlab.diag.Suggest;

/**
 * The REPL's own commands as one table: name, argument hint, one line of help, handler.
 * Dispatch by exact name, then by unique prefix; an ambiguous prefix is reported.
 */
final class Commands {

    record Command(String name, String args, String help, Consumer<String> handler) {
    }

    private final Map<String, Command> table = new LinkedHashMap<>();

    void add(String name, String args, String help, Consumer<String> handler) {
        table.put(name, new Command(name, args, help, handler));
    }

    List<String> names() {
        return new ArrayList<>(table.keySet());
    }

    /** Runs {@code line} (":name args"); returns an error message, or null when it ran. */
    String dispatch(String line) {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        String name = space < 0 ? trimmed : trimmed.substring(0, space);
        String arg = space < 0 ? "" : trimmed.substring(space + 1).trim();
        Command c = table.get(name);
        if (c == null) {
            List<String> matches = table.keySet().stream().filter(n -> n.startsWith(name)).toList();
            if (matches.size() > 1) {
                return "'" + name + "' is ambiguous: " + String.join(", ", matches);
            }
            if (matches.isEmpty()) {
                String hint = Suggest.didYouMean(name, table.keySet());
                return "unknown command '" + name + "'" + (hint != null ? "; " + hint : "; :help commands lists them");
            }
            c = table.get(matches.get(0));
        }
        c.handler().accept(arg);
        return null;
    }
}
