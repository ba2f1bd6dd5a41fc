package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.diag.SourceSpan;
import org.seqlab.diag.Suggest;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Value;

/**
 * Checks the arguments of one layer or statement against its {@link Spec} and names them:
 * positional values and choice words ({@code pool last}) get their parameter's name, so the
 * engine only ever sees named args and true flags.
 */
final class ArgChecker {

    private static final Set<String> PREPOSITIONS = Set.of("on", "from", "to", "with", "nearest");

    private ArgChecker() {
    }

    /**
     * @param what      how messages name the owner: "'lstm'", "'train'"
     * @param owner     where "missing parameter" errors point
     * @param templateParams words that stand for a template parameter (their type is checked on use)
     */
    static Args check(Args in, Spec spec, String what, SourceSpan owner, Set<String> templateParams, Report r) {
        Map<String, Arg> given = new HashMap<>();
        List<Arg> out = new ArrayList<>();
        List<Value.Word> flags = new ArrayList<>();
        List<Arg> positional = new ArrayList<>();
        Set<String> suggested = new java.util.HashSet<>();
        for (Arg a : in.args()) {
            if (a.positional()) {
                positional.add(a);
                continue;
            }
            if (spec.param(a.name()).isEmpty()) {
                if (PREPOSITIONS.contains(a.name())) {
                    r.error(a.nameSpan(), what + " takes no '" + a.name() + " ...'");
                } else {
                    r.error(a.nameSpan(), "unknown parameter '" + a.name() + "' for " + what,
                            hintFor(a.name(), spec));
                    Suggest.closest(a.name(), spec.paramNames()).ifPresent(suggested::add);
                }
                continue;
            }
            if (given.containsKey(a.name())) {
                r.error(a.nameSpan(), "duplicate parameter '" + a.name() + "'",
                        "it was already given at " + position(given.get(a.name()).nameSpan()));
                continue;
            }
            given.put(a.name(), a);
            out.add(a);
        }
        for (Arg a : positional) {
            String slot = spec.positional().stream().filter(n -> !given.containsKey(n)).findFirst().orElse(null);
            if (slot == null) {
                r.error(a.span(), "unexpected value " + a.value().text() + " for " + what,
                        spec.params().isEmpty() ? what + " takes no values" : "name it: " + spec.paramNames().get(0) + "=...");
                continue;
            }
            Arg named = a.named(slot);
            given.put(slot, named);
            out.add(named);
        }
        Set<String> seenFlags = new java.util.HashSet<>();
        for (Value.Word f : in.flags()) {
            String name = f.name();
            if (templateParams.contains(name)) {
                String slot = spec.positional().stream().filter(n -> !given.containsKey(n)).findFirst().orElse(null);
                if (slot != null) {
                    Arg named = new Arg(slot, f.span(), f, f.span());
                    given.put(slot, named);
                    out.add(named);
                    continue;
                }
            }
            if (spec.flags().contains(name)) {
                if (!seenFlags.add(name)) {
                    r.error(f.span(), "duplicate flag '" + name + "'");
                } else {
                    flags.add(f);
                }
                continue;
            }
            String slot = choiceSlot(spec, name, given);
            if (slot != null) {
                Arg named = new Arg(slot, f.span(), f, f.span());
                given.put(slot, named);
                out.add(named);
            } else if (PREPOSITIONS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                r.error(f.span(), "expected a value after '" + name + "'", "e.g. " + name + " \"text\" or " + name + " NAME");
            } else if (spec.param(name).isPresent()) {
                r.error(f.span(), "'" + name + "' needs a value", "write " + name + "=...");
            } else {
                r.error(f.span(), "unknown flag '" + name + "' for " + what, hintFor(name, spec));
            }
        }
        for (Arg a : out) {
            ParamSpec p = spec.param(a.name()).orElseThrow();
            if (a.value() instanceof Value.Word w && templateParams.contains(w.name())) {
                continue;
            }
            String problem = p.type().problem(a.value());
            if (problem != null) {
                String hint = null;
                if (a.value() instanceof Value.Word w) {
                    hint = Suggest.didYouMean(w.name(), p.type().choices().isEmpty() ? templateParams : p.type().choices());
                }
                r.error(a.value().span(), a.name() + " must be " + problem + ", not " + a.value().text(), hint);
            }
        }
        for (ParamSpec p : spec.params()) {
            if (p.required() && !given.containsKey(p.name()) && !suggested.contains(p.name())) {
                r.error(owner, what + " needs " + p.name() + "=..." + " (" + p.type().describe() + ")",
                        "e.g. " + spec.example());
            }
        }
        return new Args(out, flags, defaults(spec, given.keySet(), owner));
    }

    /** The spec's fixed default of every parameter not given, standing at {@code owner}; the engine reads them from here. */
    private static List<Arg> defaults(Spec spec, Set<String> given, SourceSpan owner) {
        List<Arg> out = new ArrayList<>();
        for (ParamSpec p : spec.params()) {
            if (p.kind() == ParamSpec.Default.VALUE && !given.contains(p.name())) {
                out.add(new Arg(p.name(), owner, p.defaultValue(owner), owner));
            }
        }
        return out;
    }

    static String hintFor(String word, Spec spec) {
        List<String> words = new ArrayList<>(spec.words());
        for (String n : spec.positional()) {
            spec.param(n).ifPresent(p -> words.addAll(p.type().choices()));
        }
        String hint = Suggest.didYouMean(word, words);
        if (hint != null) {
            return hint;
        }
        return spec.words().isEmpty() ? null : "it takes " + String.join(", ", spec.words());
    }

    private static String choiceSlot(Spec spec, String word, Map<String, Arg> given) {
        for (String n : spec.positional()) {
            if (!given.containsKey(n) && spec.param(n).map(p -> p.type().choices().contains(word)).orElse(false)) {
                return n;
            }
        }
        return null;
    }

    static String position(SourceSpan s) {
        return s.line() + ":" + s.column();
    }
}
