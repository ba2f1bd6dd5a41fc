package org.seqlab.lang.syntax;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.TrainRule;
import org.seqlab.lang.ast.Value;

/**
 * Where the pieces of a generic command go: {@code sample 300 from "ROMEO:" with lm} has its
 * length, prompt and model taken out by position and preposition; what is left (named args,
 * flags, stray values) becomes the statement's {@code opts} for the checker to judge.
 */
final class CommandShapes {

    private CommandShapes() {
    }

    /** The arguments of one command while they are sorted out. */
    static final class Parts {
        private final List<Arg> named = new ArrayList<>();
        private final List<Arg> preps = new ArrayList<>();
        private final List<Value> bare = new ArrayList<>();

        void named(Arg a) {
            named.add(a);
        }

        void prep(String word, SourceSpan wordSpan, Value v, SourceSpan span) {
            preps.add(new Arg(word, wordSpan, v, span));
        }

        void bare(Value v) {
            bare.add(v);
        }

        Value takePrep(String word) {
            for (Iterator<Arg> it = preps.iterator(); it.hasNext(); ) {
                Arg a = it.next();
                if (a.name().equals(word)) {
                    it.remove();
                    return a.value();
                }
            }
            return null;
        }

        Value takeBare(Predicate<Value> which) {
            for (Iterator<Value> it = bare.iterator(); it.hasNext(); ) {
                Value v = it.next();
                if (which.test(v)) {
                    it.remove();
                    return v;
                }
            }
            return null;
        }

        /** The first named argument in source order, taken out; null when there is none. */
        Arg takeFirstNamed() {
            return named.isEmpty() ? null : named.remove(0);
        }

        /** {@code of elman}: the bare value after the bare word {@code word}, both taken out; null when absent. */
        Value takeAfterWord(String word) {
            for (int i = 0; i + 1 < bare.size(); i++) {
                if (bare.get(i) instanceof Value.Word w && w.name().equalsIgnoreCase(word)) {
                    bare.remove(i);
                    return bare.remove(i);
                }
            }
            return null;
        }

        Value.Word takeBareWord() {
            return (Value.Word) takeBare(v -> v instanceof Value.Word);
        }

        /** {@code with NAME}; a non-word after {@code with} stays behind for the checker. */
        Value.Word takeModel() {
            for (Iterator<Arg> it = preps.iterator(); it.hasNext(); ) {
                Arg a = it.next();
                if (a.name().equals("with") && a.value() instanceof Value.Word w) {
                    it.remove();
                    return w;
                }
            }
            return null;
        }

        /** Named args, unused prepositions (named by their word), stray values, and bare words as flags. */
        Args rest() {
            List<Arg> args = new ArrayList<>(named);
            args.addAll(preps);
            List<Value.Word> flags = new ArrayList<>();
            for (Value v : bare) {
                if (v instanceof Value.Word w) {
                    flags.add(w);
                } else {
                    args.add(new Arg(null, v.span(), v, v.span()));
                }
            }
            return new Args(args, flags);
        }
    }

    private static boolean notWord(Value v) {
        return !(v instanceof Value.Word);
    }

    static Statement build(Value.Word head, Parts p, List<TrainRule> rules, boolean hasBlock, SourceSpan span) {
        switch (head.name().toLowerCase(Locale.ROOT)) {
            case "train": {
                Value.Word model = p.takeBareWord();
                Value data = p.takePrep("on");
                return new Statement.Train(model, data, p.rest(), rules, span);
            }
            case "evaluate": {
                Value.Word model = p.takeBareWord();
                Value data = p.takePrep("on");
                return new Statement.Evaluate(model, data, p.rest(), span);
            }
            case "sample": {
                Value length = p.takeBare(v -> v instanceof Value.Num);
                Value prompt = p.takePrep("from");
                Value.Word model = p.takeModel();
                return new Statement.Sample(length, prompt, model, p.rest(), span);
            }
            case "translate": {
                Value text = p.takeBare(CommandShapes::notWord);
                return new Statement.Translate(text, p.takeModel(), p.rest(), span);
            }
            case "inspect": {
                Value.Word kind = p.takeBareWord();
                Value text = p.takePrep("on");
                Value query = p.takePrep("nearest");
                Value output = p.takePrep("to");
                return new Statement.Inspect(kind, text, query, output, p.takeModel(), p.rest(), span);
            }
            case "similarity": {
                Value a = p.takeBare(CommandShapes::notWord);
                Value b = p.takeBare(CommandShapes::notWord);
                return new Statement.Similarity(a, b, p.takeModel(), p.rest(), span);
            }
            case "plot": {
                Value.Word what = p.takeBareWord();
                return new Statement.Plot(what, p.takePrep("to"), p.rest(), span);
            }
            case "summary": {
                Value.Word model = p.takeBareWord();
                return new Statement.Summary(model != null ? model : p.takeModel(), p.rest(), span);
            }
            case "save": {
                Value.Word model = p.takeBareWord();
                Value file = p.takePrep("to");
                if (file == null) {
                    file = p.takeBare(CommandShapes::notWord);
                }
                return new Statement.Save(file, model != null ? model : p.takeModel(), p.rest(), span);
            }
            case "load": {
                Value file = p.takeBare(CommandShapes::notWord);
                if (file == null) {
                    file = p.takeBare(v -> true);
                }
                return new Statement.Load(file, p.rest(), span);
            }
            case "export": {
                Value.Word format = p.takeBareWord();
                Value file = p.takePrep("to");
                if (file == null) {
                    file = p.takeBare(CommandShapes::notWord);
                }
                return new Statement.Export(format, file, p.takeModel(), p.rest(), span);
            }
            case "set":
                return new Statement.SetStmt(p.rest(), span);
            case "stop":
                return new Statement.Stop(p.rest(), span);
            case "use":
                return new Statement.Use(p.takeBare(v -> true), p.rest(), span);
            case "fill": {
                Value text = p.takeBare(CommandShapes::notWord);
                return new Statement.Fill(text, p.takeModel(), p.rest(), span);
            }
            case "classify": {
                Value text = p.takeBare(CommandShapes::notWord);
                return new Statement.Classify(text, p.takeModel(), p.rest(), span);
            }
            case "forecast": {
                Value.Word data = p.takeBareWord();
                Value output = p.takePrep("to");
                return new Statement.Forecast(data, p.takeModel(), output, p.rest(), span);
            }
            case "vectors": {
                // `vectors cooc = counts of elman ...` parses as the named arg cooc=counts, then `of elman`.
                Arg named = p.takeFirstNamed();
                Value.Word name = named == null ? null : new Value.Word(named.name(), named.nameSpan());
                Value.Word method = named != null && named.value() instanceof Value.Word w ? w : null;
                Value source = p.takeAfterWord("of");
                return new Statement.Vectors(name, method, source, p.rest(), span);
            }
            default:
                return new Statement.Unknown(head, p.rest(), hasBlock, span);
        }
    }
}
