package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.diag.Suggest;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.TemplateParam;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;

/**
 * Checks model bodies and templates, and turns {@code model big = char_lstm(hidden=512)} into a
 * plain model definition with the arguments put in place.
 */
final class ModelChecker {

    private final Report r;

    ModelChecker(Report r) {
        this.r = r;
    }

    /** A model or template definition, its layers named and checked. */
    Statement.ModelDef definition(Statement.ModelDef m) {
        Set<String> params = new LinkedHashSet<>();
        for (TemplateParam p : m.params()) {
            if (!params.add(p.name())) {
                r.error(p.span(), "duplicate template parameter '" + p.name() + "'");
            }
        }
        if (m.body().isEmpty()) {
            r.error(m.name().span(), "model '" + m.name().name() + "' has no layers",
                    "e.g. model " + m.name().name() + " { embed 64; layer lstm(hidden=128); output softmax }");
        }
        int errors = r.count();
        List<ModelItem> body = body(m.body(), params, true, false);
        Statement.ModelDef checked = new Statement.ModelDef(m.name(), m.params(), m.template(), body, m.span());
        if (params.isEmpty() && r.count() == errors) {
            ModelStructure.check(checked, r);
            ModelSize.check(checked, r);
        }
        return checked;
    }

    /** {@code model big = char_lstm(hidden=512)} or {@code model copy = lm}; null when the target is unknown. */
    Statement.ModelDef instantiate(Statement.ModelAlias a, Scope scope) {
        String target = a.target().name();
        Statement.ModelDef t = scope.templates().get(target);
        if (t == null) {
            Statement.ModelDef model = scope.models().get(target);
            if (model == null) {
                List<String> names = new ArrayList<>(scope.templates().keySet());
                names.addAll(scope.models().keySet());
                r.error(a.target().span(), "undefined model or template '" + target + "'",
                        Suggest.didYouMean(target, names));
                return null;
            }
            if (!a.args().args().isEmpty() || !a.args().flags().isEmpty()) {
                r.error(a.target().span(), "'" + target + "' is a model, not a template; it takes no arguments");
            }
            return new Statement.ModelDef(a.name(), List.of(), false, model.body(), a.span());
        }
        Map<String, Value> values = new HashMap<>();
        List<String> names = t.params().stream().map(TemplateParam::name).toList();
        for (Arg arg : a.args().args()) {
            if (arg.positional()) {
                r.error(arg.span(), "template arguments need names", "e.g. " + (names.isEmpty() ? target + "()"
                        : target + "(" + names.get(0) + "=" + arg.value().text() + ")"));
            } else if (!names.contains(arg.name())) {
                String hint = Suggest.didYouMean(arg.name(), names);
                r.error(arg.nameSpan(), "template '" + target + "' has no parameter '" + arg.name() + "'",
                        hint != null ? hint : names.isEmpty() ? "it takes none" : "it takes " + String.join(", ", names));
            } else if (values.containsKey(arg.name())) {
                r.error(arg.nameSpan(), "duplicate parameter '" + arg.name() + "'");
            } else {
                values.put(arg.name(), arg.value());
            }
        }
        for (Value.Word f : a.args().flags()) {
            r.error(f.span(), "template arguments need names", "e.g. " + target + "(" + f.name() + "=...)");
        }
        boolean complete = true;
        for (TemplateParam p : t.params()) {
            if (!values.containsKey(p.name())) {
                if (p.defaultValue() == null) {
                    r.error(a.target().span(), "template '" + target + "' needs " + p.name() + "=...");
                    complete = false;
                } else {
                    values.put(p.name(), p.defaultValue());
                }
            }
        }
        List<ModelItem> body = substitute(t.body(), values);
        Statement.ModelDef made = new Statement.ModelDef(a.name(), List.of(), false, body, a.span());
        if (complete) {
            int errors = r.count();
            made = new Statement.ModelDef(a.name(), List.of(), false, body(body, Set.of(), true, false), a.span());
            if (r.count() == errors) {
                ModelStructure.check(made, r);
                ModelSize.check(made, r);
            }
        }
        return made;
    }

    private List<ModelItem> body(List<ModelItem> items, Set<String> params, boolean top, boolean decoder) {
        boolean parts = items.stream().anyMatch(i -> i instanceof ModelItem.Part);
        List<ModelItem> out = new ArrayList<>();
        Set<ModelItem.Side> sides = new LinkedHashSet<>();
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
                if (parts) {
                    r.error(l.kindSpan(), "with encoder and decoder parts, every layer goes inside one of them");
                }
                out.add(layer(l, params, decoder));
            } else if (item instanceof ModelItem.Repeat rep) {
                Value c = rep.count();
                boolean param = c instanceof Value.Word w && params.contains(w.name());
                if (!param && ParamType.POSITIVE_INT.problem(c) != null) {
                    String hint = c instanceof Value.Word w ? Suggest.didYouMean(w.name(), params) : null;
                    r.error(c.span(), "repeat needs a positive whole number, not " + c.text(), hint);
                }
                out.add(new ModelItem.Repeat(c, body(rep.body(), params, false, decoder), rep.span()));
            } else if (item instanceof ModelItem.Part p) {
                if (!top) {
                    r.error(p.span(), "'" + p.side().word() + "' goes directly inside a model body");
                } else if (!sides.add(p.side())) {
                    r.error(p.span(), "a second '" + p.side().word() + "' part");
                }
                out.add(new ModelItem.Part(p.side(), body(p.body(), params, false,
                        p.side() == ModelItem.Side.DECODER), p.span()));
            }
        }
        if (top && sides.contains(ModelItem.Side.ENCODER) != sides.contains(ModelItem.Side.DECODER)) {
            r.error(items.get(0).span(), "an encoder-decoder model needs both an 'encoder' and a 'decoder' part");
        }
        return out;
    }

    private ModelItem.LayerDecl layer(ModelItem.LayerDecl l, Set<String> params, boolean decoder) {
        Spec spec = LayerSpecs.get(l.kind()).orElse(null);
        if (spec == null) {
            String hint = Suggest.didYouMean(l.kind(), LayerSpecs.all().keySet());
            if (hint == null && l.kind().equals("layer")) {
                hint = "write the kind after 'layer', e.g. layer lstm(hidden=128)";
            }
            r.error(l.kindSpan(), "unknown layer kind '" + l.kind() + "'",
                    hint != null ? hint : "layer kinds: " + String.join(", ", LayerSpecs.all().keySet()));
            return l;
        }
        Args args = ArgChecker.check(l.args(), spec, "'" + l.kind() + "'", l.kindSpan(), params, r);
        if (args.value("over").isPresent() && !decoder) {
            r.error(args.arg("over").get().nameSpan(), "attention over=encoder only works inside a decoder");
        }
        return new ModelItem.LayerDecl(l.kind(), l.kindSpan(), args, l.span());
    }

    private static List<ModelItem> substitute(List<ModelItem> items, Map<String, Value> values) {
        List<ModelItem> out = new ArrayList<>();
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
                List<Arg> args = new ArrayList<>();
                for (Arg a : l.args().args()) {
                    args.add(new Arg(a.name(), a.nameSpan(), put(a.value(), values), a.span()));
                }
                out.add(new ModelItem.LayerDecl(l.kind(), l.kindSpan(), new Args(args, l.args().flags()), l.span()));
            } else if (item instanceof ModelItem.Repeat rep) {
                out.add(new ModelItem.Repeat(put(rep.count(), values), substitute(rep.body(), values), rep.span()));
            } else if (item instanceof ModelItem.Part p) {
                out.add(new ModelItem.Part(p.side(), substitute(p.body(), values), p.span()));
            }
        }
        return out;
    }

    private static Value put(Value v, Map<String, Value> values) {
        return v instanceof Value.Word w && values.containsKey(w.name()) ? values.get(w.name()) : v;
    }
}
