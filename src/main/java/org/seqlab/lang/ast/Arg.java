package org.seqlab.lang.ast;

import org.seqlab.diag.SourceSpan;

/**
 * One argument. Both spellings of the language give the same Arg: {@code lstm(hidden=128)} and
 * {@code hidden=128}. A positional value ({@code embed 64}) has a null name until the checker
 * names it from the layer's or statement's spec ({@code dim}).
 *
 * @param nameSpan where the name stands (the value's span for a positional argument)
 * @param span     the whole argument, name to value
 */
public record Arg(String name, SourceSpan nameSpan, Value value, SourceSpan span) {

    public boolean positional() {
        return name == null;
    }

    public Arg named(String newName) {
        return new Arg(newName, nameSpan, value, span);
    }

    @Override
    public String toString() {
        return positional() ? value.text() : name + "=" + value.text();
    }
}
