package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spec of a statement or layer kind: parameters, which of them may be written without a name
 * and in what order ({@code embed 64} fills {@code dim}), flags, a line of doc and an example.
 */
public record Spec(String name, String doc, String example, List<ParamSpec> params, List<String> positional,
                   List<String> flags) {

    public Spec {
        params = List.copyOf(params);
        positional = List.copyOf(positional);
        flags = List.copyOf(flags);
    }

    public Optional<ParamSpec> param(String n) {
        return params.stream().filter(p -> p.name().equals(n)).findFirst();
    }

    public List<String> paramNames() {
        return params.stream().map(ParamSpec::name).toList();
    }

    /** Parameter names and flags: what may follow the kind, for completion and did-you-mean. */
    public List<String> words() {
        List<String> out = new ArrayList<>(paramNames());
        out.addAll(flags);
        return out;
    }

    /** A fluent way to write the tables. */
    public static Builder of(String name, String doc, String example) {
        return new Builder(name, doc, example);
    }

    public static final class Builder {
        private final String name;
        private final String doc;
        private final String example;
        private final List<ParamSpec> params = new ArrayList<>();
        private final List<String> positional = new ArrayList<>();
        private final List<String> flags = new ArrayList<>();

        private Builder(String name, String doc, String example) {
            this.name = name;
            this.doc = doc;
            this.example = example;
        }

        public Builder req(String n, ParamType t, String d) {
            params.add(ParamSpec.req(n, t, d));
            return this;
        }

        public Builder opt(String n, ParamType t, String def, String d) {
            params.add(ParamSpec.opt(n, t, def, d));
            return this;
        }

        /** An optional parameter whose default the engine works out from the model, data or session, as {@code words} say. */
        public Builder computed(String n, ParamType t, String words, String d) {
            params.add(ParamSpec.computed(n, t, words, d));
            return this;
        }

        /** A session setting and its value when the session starts. */
        public Builder setting(String n, ParamType t, String initial, String d) {
            params.add(ParamSpec.setting(n, t, initial, d));
            return this;
        }

        /** Parameters that may be written without their name, in order. */
        public Builder positional(String... names) {
            positional.addAll(List.of(names));
            return this;
        }

        public Builder flags(String... names) {
            flags.addAll(List.of(names));
            return this;
        }

        public Builder with(List<ParamSpec> more) {
            params.addAll(more);
            return this;
        }

        public Spec build() {
            return new Spec(name, doc, example, params, positional, flags);
        }
    }
}
