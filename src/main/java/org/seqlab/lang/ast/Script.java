package org.seqlab.lang.ast;

import java.util.List;

/** A parsed file, REPL entry or -e text: its statements in order. */
public record Script(String file, List<Statement> statements) {
    public Script {
        statements = List.copyOf(statements);
    }
}
