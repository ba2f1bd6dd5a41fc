package org.seqlab.lang.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.Token;
import org.seqlab.diag.Diagnostic;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.TemplateParam;
import org.seqlab.lang.ast.Script;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Statement.DataDeclKind;
import org.seqlab.lang.ast.TrainRule;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.syntax.SeqlabParser.*;

/**
 * Turns ANTLR's parse tree into seqlab's AST. Generic commands ({@code sample 300 from "x"}) are
 * sorted into the fields of their statement record by {@link CommandShapes}; blocks are checked
 * for belonging where they stand (layers in models, rules in train blocks).
 */
final class AstBuilder {

    private final Spans spans;
    private final List<Diagnostic> problems = new ArrayList<>();

    AstBuilder(String file) {
        this.spans = new Spans(file);
    }

    List<Diagnostic> problems() {
        return problems;
    }

    Script script(ScriptContext ctx, String file) {
        List<Statement> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) {
            out.add(statement(s));
        }
        return new Script(file, out);
    }

    Statement statement(StatementContext ctx) {
        SourceSpan span = spans.of(ctx);
        if (ctx instanceof ModelTemplateContext m) {
            List<TemplateParam> params = new ArrayList<>();
            for (ParamContext p : m.param()) {
                params.add(new TemplateParam(p.word().getText(), p.value() == null ? null : value(p.value()), spans.of(p)));
            }
            return new Statement.ModelDef(word(m.name), params, true, modelBody(m.block()), span);
        }
        if (ctx instanceof ModelDefContext m) {
            return new Statement.ModelDef(word(m.name), List.of(), false, modelBody(m.block()), span);
        }
        if (ctx instanceof ModelAliasContext m) {
            return new Statement.ModelAlias(word(m.name), word(m.target), parenArgs(m.parenArg()), span);
        }
        if (ctx instanceof DataDeclContext d) {
            DataDeclKind kind = DataDeclKind.valueOf(d.kind.getText().toUpperCase(Locale.ROOT));
            CommandShapes.Parts parts = parts(d.arg());
            return new Statement.DataDecl(kind, word(d.name), d.source == null ? null : value(d.source),
                    parts.rest(), span);
        }
        if (ctx instanceof CompareContext c) {
            List<Value.Word> models = new ArrayList<>();
            for (WordContext w : c.word()) {
                if (w != c.task) {
                    models.add(word(w));
                }
            }
            CommandShapes.Parts parts = parts(c.arg());
            Value output = parts.takePrep("to");
            return new Statement.Compare(models, c.task == null ? null : word(c.task),
                    c.data == null ? null : value(c.data), output, parts.rest(), span);
        }
        if (ctx instanceof AnalogyContext a) {
            List<Statement.Term> terms = new ArrayList<>();
            Value first = value(a.value());
            terms.add(new Statement.Term(true, first, first.span()));
            for (TermContext t : a.term()) {
                terms.add(new Statement.Term(t.sign.getType() == SeqlabLexer.PLUS, value(t.value()), spans.of(t)));
            }
            CommandShapes.Parts parts = parts(a.arg());
            return new Statement.Analogy(terms, parts.takeModel(), parts.rest(), span);
        }
        CommandContext c = (CommandContext) ctx;
        Value.Word head = new Value.Word(c.head.getText(), spans.of(c.head));
        List<TrainRule> rules = c.block() == null ? List.of() : trainRules(c.block());
        Statement s = CommandShapes.build(head, parts(c.arg()), rules, c.block() != null, span);
        if (c.block() != null && !(s instanceof Statement.Train) && !(s instanceof Statement.Unknown)) {
            problems.add(Diagnostic.error(spans.of(c.block().LBRACE().getSymbol()),
                    "'" + s.keyword() + "' takes no block", "only 'model' and 'train' have a { ... } block"));
        }
        return s;
    }

    private List<ModelItem> modelBody(BlockContext b) {
        List<ModelItem> items = new ArrayList<>();
        for (BlockItemContext item : b.blockItem()) {
            SourceSpan span = spans.of(item);
            if (item instanceof RepeatItemContext r) {
                items.add(new ModelItem.Repeat(value(r.count), modelBody(r.block()), span));
            } else if (item instanceof PartItemContext p) {
                ModelItem.Side side = p.part.getType() == SeqlabLexer.ENCODER ? ModelItem.Side.ENCODER
                        : ModelItem.Side.DECODER;
                items.add(new ModelItem.Part(side, modelBody(p.block()), span));
            } else if (item instanceof LayerItemContext l) {
                items.add(layer(l));
            } else {
                Token first = item.getStart();
                problems.add(Diagnostic.error(spans.of(first), "'" + first.getText() + "' rules belong in a train block",
                        "write it inside train ... { } instead of a model body"));
            }
        }
        return items;
    }

    private ModelItem.LayerDecl layer(LayerItemContext l) {
        String kind = l.kind.getText();
        SourceSpan kindSpan = spans.of(l.kind);
        List<Arg> args = new ArrayList<>(parenArgs(l.parenArg()).args());
        List<Value.Word> flags = new ArrayList<>();
        List<LayerArgContext> rest = new ArrayList<>(l.layerArg());
        // `layer lstm(hidden=128)`: the word after `layer` is the kind, its parentheses the args.
        if (kind.equalsIgnoreCase("layer") && !rest.isEmpty()) {
            LayerArgContext first = rest.get(0);
            if (first instanceof CallArgContext call) {
                kind = call.word().getText();
                kindSpan = spans.of(call.word());
                args.addAll(parenArgs(call.parenArg()).args());
                rest.remove(0);
            } else if (first instanceof PlainArgContext p && p.arg() instanceof BareArgContext bare
                    && bare.value().word() != null) {
                kind = bare.value().getText();
                kindSpan = spans.of(bare.value());
                rest.remove(0);
            }
        }
        List<ArgContext> plain = new ArrayList<>();
        for (LayerArgContext a : rest) {
            if (a instanceof CallArgContext call) {
                problems.add(Diagnostic.error(spans.of(call.word()), "unexpected '" + call.word().getText() + "(' in a "
                        + kind + " layer", "only `layer KIND(...)` takes a parenthesised kind"));
            } else {
                plain.add(((PlainArgContext) a).arg());
            }
        }
        Args parts = parts(plain).rest();
        args.addAll(parts.args());
        flags.addAll(parts.flags());
        return new ModelItem.LayerDecl(kind.toLowerCase(Locale.ROOT), kindSpan, new Args(args, flags), spans.of(l));
    }

    private List<TrainRule> trainRules(BlockContext b) {
        List<TrainRule> rules = new ArrayList<>();
        for (BlockItemContext item : b.blockItem()) {
            SourceSpan span = spans.of(item);
            if (item instanceof EveryItemContext e) {
                rules.add(new TrainRule.Every(value(e.count), word(e.unit), statement(e.statement()), span));
            } else if (item instanceof WhenItemContext w) {
                rules.add(new TrainRule.When(word(w.metric), w.op.getText(), value(w.threshold),
                        statement(w.statement()), span));
            } else {
                Token first = item.getStart();
                problems.add(Diagnostic.error(spans.of(first), "a train block holds only 'every' and 'when' rules",
                        "e.g. every 200 steps: sample 80   or   when val_loss < 1.6: stop"));
            }
        }
        return rules;
    }

    private CommandShapes.Parts parts(List<ArgContext> args) {
        CommandShapes.Parts parts = new CommandShapes.Parts();
        for (int i = 0; i < args.size(); i++) {
            ArgContext a = args.get(i);
            if (inBefore(args, i)) {
                // `similarity "boy" "girl" in cooc`: the vectors to look in, as the named arg in=cooc.
                BareArgContext next = (BareArgContext) args.get(++i);
                parts.named(new Arg("in", spans.of(a), value(next.value()), spans.between(a.getStart(), next.getStop())));
            } else if (a instanceof JoinedArgContext j) {
                // `objective=masked+next_sentence`: one word naming both parts.
                String text = j.value().stream().map(x -> x.getText()).reduce((x, y) -> x + "+" + y).orElse("");
                parts.named(new Arg(j.key.getText(), spans.of(j.key),
                        new Value.Word(text, spans.between(j.value(0).getStart(), j.value(j.value().size() - 1).getStop())),
                        spans.of(j)));
            } else if (a instanceof NamedArgContext n) {
                Value v;
                if (n.value().size() == 1) {
                    v = value(n.value(0));
                } else {
                    List<Value> items = new ArrayList<>();
                    n.value().forEach(x -> items.add(value(x)));
                    v = new Value.ListV(items, spans.between(n.value(0).getStart(),
                            n.value(n.value().size() - 1).getStop()));
                }
                parts.named(new Arg(n.key.getText(), spans.of(n.key), v, spans.of(n)));
            } else if (a instanceof PrepArgContext p) {
                parts.prep(p.prep.getText().toLowerCase(Locale.ROOT), spans.of(p.prep), value(p.value()), spans.of(p));
            } else if (a instanceof BareArgContext bare) {
                parts.bare(value(bare.value()));
            }
            // `|` between sampling options means "apply both filters": nothing to record.
        }
        return parts;
    }

    /** Whether args[i] is the bare word {@code in} followed by a bare word. */
    private static boolean inBefore(List<ArgContext> args, int i) {
        return i + 1 < args.size() && args.get(i) instanceof BareArgContext b && b.value().word() != null
                && b.value().getText().equalsIgnoreCase("in")
                && args.get(i + 1) instanceof BareArgContext next && next.value().word() != null;
    }

    private Args parenArgs(List<ParenArgContext> list) {
        List<Arg> args = new ArrayList<>();
        List<Value.Word> flags = new ArrayList<>();
        for (ParenArgContext p : list) {
            if (p instanceof NamedParenArgContext n) {
                args.add(new Arg(n.key.getText(), spans.of(n.key), value(n.value()), spans.of(n)));
            } else {
                Value v = value(((BareParenArgContext) p).value());
                if (v instanceof Value.Word w) {
                    flags.add(w);
                } else {
                    args.add(new Arg(null, v.span(), v, v.span()));
                }
            }
        }
        return new Args(args, flags);
    }

    private Value.Word word(WordContext w) {
        return new Value.Word(w.getText(), spans.of(w));
    }

    Value value(ValueContext v) {
        SourceSpan span = spans.of(v);
        if (v.NUMBER() != null) {
            String text = v.NUMBER().getText();
            return new Value.Num(Double.parseDouble(text), text, span);
        }
        if (v.STRING() != null) {
            String quoted = v.STRING().getText();
            int bad = badEscape(quoted);
            if (bad >= 0) {
                problems.add(Diagnostic.error(new SourceSpan(span.file(), span.line(), span.column() + bad, 2),
                        "unknown escape '" + quoted.substring(bad, bad + 2) + "' in a string",
                        "the escapes are \\\" \\\\ \\n \\t; write \\\\ for a backslash"));
            }
            return new Value.Str(unescape(quoted), span);
        }
        if (v.PATH() != null) {
            return new Value.Path(v.PATH().getText(), span);
        }
        return new Value.Word(v.getText(), span);
    }

    /** The index in {@code quoted} of its first escape other than \" \\ \n \t, or -1. */
    static int badEscape(String quoted) {
        for (int i = 1; i < quoted.length() - 2; i++) {
            if (quoted.charAt(i) == '\\') {
                if ("\"\\nt".indexOf(quoted.charAt(i + 1)) < 0) return i;
                i++;
            }
        }
        return -1;
    }

    /** Removes the quotes and decodes \" \\ \n \t; any other escaped character stands for itself. */
    static String unescape(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
