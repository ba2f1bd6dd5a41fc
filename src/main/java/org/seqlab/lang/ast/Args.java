package org.seqlab.lang.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The arguments of a layer or statement: named or positional values in source order, and flags
 * (bare words such as {@code causal}). After checking, every arg has a name.
 */
public record Args(List<Arg> args, List<Value.Word> flags) {

    public static final Args EMPTY = new Args(List.of(), List.of());

    public Args {
        args = List.copyOf(args);
        flags = List.copyOf(flags);
    }

    public Optional<Arg> arg(String name) {
        return args.stream().filter(a -> name.equals(a.name())).findFirst();
    }

    public Optional<Value> value(String name) {
        return arg(name).map(Arg::value);
    }

    public OptionalDouble number(String name) {
        return value(name).filter(v -> v instanceof Value.Num)
                .map(v -> OptionalDouble.of(((Value.Num) v).value())).orElse(OptionalDouble.empty());
    }

    /** A word or string value as text ({@code activation=relu} gives "relu"). */
    public Optional<String> text(String name) {
        return value(name).map(v -> v instanceof Value.Str s ? s.value() : v.text());
    }

    public boolean has(String flag) {
        return flags.stream().anyMatch(f -> f.name().equalsIgnoreCase(flag));
    }

    public Args with(List<Arg> newArgs, List<Value.Word> newFlags) {
        return new Args(newArgs, newFlags);
    }

    public Args plus(Args other) {
        List<Arg> a = new ArrayList<>(args);
        a.addAll(other.args);
        List<Value.Word> f = new ArrayList<>(flags);
        f.addAll(other.flags);
        return new Args(a, f);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        args.forEach(a -> parts.add(a.toString()));
        flags.forEach(f -> parts.add(f.name()));
        return String.join(" ", parts);
    }
}
