package org.seqlab.lang.ast;

import java.util.List;
import java.util.stream.Collectors;
import org.seqlab.diag.SourceSpan;

/** A value written in a script: a number, a string, a bare path, a word, or a comma list. */
public sealed interface Value {

    SourceSpan span();

    /** The value as the user would write it again (for messages and :models). */
    String text();

    /** What kind of value this is, in words, for messages: "a number", "a string" ... */
    String describe();

    /** A number; {@code text} keeps the spelling so "128" stays an integer and "2e-3" reads back. */
    record Num(double value, String text, SourceSpan span) implements Value {
        public boolean isInteger() {
            return value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15;
        }

        public long asLong() {
            return (long) value;
        }

        @Override
        public String describe() {
            return "the number " + text;
        }
    }

    /** A quoted string, escapes already decoded. */
    record Str(String value, SourceSpan span) implements Value {
        @Override
        public String text() {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\t", "\\t") + '"';
        }

        @Override
        public String describe() {
            return "the string " + text();
        }
    }

    /** A bare path such as {@code corpus.txt} or {@code runs/a.safetensors}. */
    record Path(String path, SourceSpan span) implements Value {
        @Override
        public String text() {
            return path;
        }

        @Override
        public String describe() {
            return "the path " + path;
        }
    }

    /** A bare word: a name, a keyword value such as {@code relu}, or a flag such as {@code causal}. */
    record Word(String name, SourceSpan span) implements Value {
        @Override
        public String text() {
            return name;
        }

        @Override
        public String describe() {
            return "'" + name + "'";
        }
    }

    /** A comma list, as in {@code length=10,20,50}. */
    record ListV(List<Value> items, SourceSpan span) implements Value {
        public ListV {
            items = List.copyOf(items);
        }

        @Override
        public String text() {
            return items.stream().map(Value::text).collect(Collectors.joining(","));
        }

        @Override
        public String describe() {
            return "the list " + text();
        }
    }
}
