package org.seqlab.inspect.render;

import java.util.List;

/** Pictures shown one under the other (a token strip above its line plot), in the terminal and in one file. */
public record Stack(List<Object> parts) {

    public Stack {
        if (parts == null || parts.isEmpty()) throw new IllegalArgumentException("a stack needs at least one picture");
        for (Object p : parts) {
            if (p instanceof Stack) throw new IllegalArgumentException("stacks do not nest");
        }
        parts = List.copyOf(parts);
    }
}
