package org.seqlab.lang.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The arguments of a layer or statement: named or positional values in source order, and flags
 * (bare words such as {@code causal}). After checking, every arg has a name, and {@code defaults}
 * holds the spec's default of every parameter that was not given, so the checked arguments carry
 * every parameter: lookups ({@link #value}, {@link #number}, {@link #text}) see both, {@link #given}
 * and {@link #args} only what was written, and {@link #toString} prints what was written.
 */
public record Args(List<Arg> args, List<Value.Word> flags, List<Arg> defaults) {

    public static final Args EMPTY = new Args(List.of(), List.of());

    public Args {
        args = List.copyOf(args);
        flags = List.copyOf(flags);
        defaults = List.copyOf(defaults);
    }

    /** Arguments as written, before the checker adds defaults. */
    public Args(List<Arg> args, List<Value.Word> flags) {
        this(args, flags, List.of());
    }

    /** The argument {@code name}: given, or the default the checker wrote. */
    public Optional<Arg> arg(String name) {
        Optional<Arg> a = given(name);
        return a.isPresent() ? a : defaults.stream().filter(d -> name.equals(d.name())).findFirst();
    }

    /** The argument {@code name} only when it was written in the source. */
    public Optional<Arg> given(String name) {
        return args.stream().filter(a -> name.equals(a.name())).findFirst();
    }

    /** Every named argument: those given, then the defaults the checker wrote. */
    public List<Arg> all() {
        List<Arg> out = new ArrayList<>(args);
        out.addAll(defaults);
        return out;
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

    /**
     * A parameter the checked arguments always hold (given or defaulted by the checker) as a number. Throws
     * when it is missing: the arguments were not checked, or its spec has no fixed default.
     */
    public double checkedNumber(String name) {
        return number(name).orElseThrow(() -> unchecked(name));
    }

    /** {@link #checkedNumber} for a word or string. */
    public String checkedText(String name) {
        return text(name).orElseThrow(() -> unchecked(name));
    }

    private IllegalStateException unchecked(String name) {
        return new IllegalStateException("no value for '" + name + "' in " + this
                + ": arguments reach the engine checked, with the spec's defaults written in");
    }

    public boolean has(String flag) {
        return flags.stream().anyMatch(f -> f.name().equalsIgnoreCase(flag));
    }

    public Args with(List<Arg> newArgs, List<Value.Word> newFlags) {
        return new Args(newArgs, newFlags, defaults);
    }

    public Args plus(Args other) {
        List<Arg> a = new ArrayList<>(args);
        a.addAll(other.args);
        List<Value.Word> f = new ArrayList<>(flags);
        f.addAll(other.flags);
        List<Arg> d = new ArrayList<>(defaults);
        d.addAll(other.defaults);
        return new Args(a, f, d);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        args.forEach(a -> parts.add(a.toString()));
        flags.forEach(f -> parts.add(f.name()));
        return String.join(" ", parts);
    }
}
