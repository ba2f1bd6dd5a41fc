package org.seqlab.lang.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataException;
import org.seqlab.data.Dataset;
import org.seqlab.data.Generators;
import org.seqlab.data.LabeledText;
import org.seqlab.data.Series;
import org.seqlab.data.TokenKind;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.session.LoadedData;
import org.seqlab.session.Workspace;

/**
 * Data sets by name or path, loaded on first use and kept in the {@link Workspace} under their name (or
 * "file:PATH") together with the declaration they came from (a new declaration loads again). Relative
 * paths are tried against the working directory, then beside the script. A {@link DataException}
 * becomes a RunFailure at the value's span.
 */
final class EngineData {

    private EngineData() {
    }

    static Dataset resolve(Value v, Workspace ws, long seed) {
        try {
            if (v instanceof Value.Word w && ws.scope().data().containsKey(w.name())) {
                return declared(ws.scope().data().get(w.name()), ws, seed);
            }
            if (v instanceof Value.Word w) builtIn(w);
            String path = v instanceof Value.Str s ? s.value() : v.text();
            String key = "file:" + path;
            if (ws.data(key) != null) return ws.data(key).data();
            // A file named where a corpus goes is a corpus with corpus's defaults (tokens=char split=0.9).
            Dataset d = Corpus.load(file(path, v.span()), TokenKind.parse(StatementSpecs.defaultText("corpus", "tokens")),
                    StatementSpecs.defaultNumber("corpus", "split"), 1);
            ws.putData(key, new LoadedData(path, d));
            return d;
        } catch (DataException e) {
            throw e.hint() == null ? RunFailure.at(v.span(), e.getMessage()) : RunFailure.at(v.span(), e.getMessage(), e.hint());
        }
    }

    /** A built-in corpus or task used without its declaration: say so, and how to declare it. */
    private static void builtIn(Value.Word w) {
        String name = w.name();
        if (StatementSpecs.CORPUS_GENERATORS.contains(name)) {
            throw RunFailure.at(w.span(), "'" + name + "' is a built-in corpus, not declared in this session",
                    "declare it first: corpus " + name + "   (or with options: corpus " + name + " sentences=5000 seed=1)");
        }
        if (StatementSpecs.generators().containsKey(name)) {
            throw RunFailure.at(w.span(), "'" + name + "' is a built-in task, not declared in this session",
                    "declare it first: task " + name);
        }
    }

    static Dataset declared(Statement.DataDecl d, Workspace ws, long seed) {
        String key = d.name().name();
        LoadedData had = ws.data(key);
        if (had != null && had.declaration().equals(d)) return had.data();
        Dataset data = load(d, seed);
        ws.putData(key, new LoadedData(d, data));
        return data;
    }

    private static Dataset load(Statement.DataDecl d, long seed) {
        String name = d.name().name();
        var o = d.opts();
        double split = o.checkedNumber("split");
        String source = d.source() == null ? null : d.source() instanceof Value.Str s ? s.value() : d.source().text();
        return switch (d.kind()) {
            case CORPUS -> source == null ? Generators.corpus(name, numbers(d), seed).named(name)
                    : Corpus.load(name, file(source, d.source().span()), TokenKind.parse(o.checkedText("tokens")), split,
                    1);    // a min_count of 1: every token that occurs is in the vocabulary
            case TASK -> Generators.task(name, numbers(d), seed).named(name);
            case DATA -> LabeledText.load(name, file(source, d.source().span()), TokenKind.parse(o.checkedText("tokens")),
                    split, 1, seed);
            case SERIES -> source == null ? Series.generate(name, o.checkedText("generator"),
                    (int) o.checkedNumber("length"), (long) o.checkedNumber("seed"), (int) o.checkedNumber("window"), split)
                    : Series.load(name, file(source, d.source().span()), o.checkedText("column"),
                    (int) o.checkedNumber("window"), split);
        };
    }

    /** The numeric options of a generator declaration ({@code sentences=5000 seed=1}), given or defaulted. */
    private static Map<String, Number> numbers(Statement.DataDecl d) {
        Map<String, Number> m = new LinkedHashMap<>();
        for (Arg a : d.opts().all()) {
            if (a.value() instanceof Value.Num n) m.put(a.name(), n.value());
        }
        return m;
    }

    private static Path file(String path, SourceSpan span) {
        Path p = Path.of(path);
        if (!p.isAbsolute() && !Files.exists(p) && span != null && span.file() != null) {
            Path beside = Path.of(span.file()).toAbsolutePath().getParent();
            if (beside != null && Files.exists(beside.resolve(path))) return beside.resolve(path);
        }
        return p;
    }
}
