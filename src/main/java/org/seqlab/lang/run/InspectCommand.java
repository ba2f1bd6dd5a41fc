package org.seqlab.lang.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.Split;
import org.seqlab.data.TokenStream;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.SourceSpan;
import org.seqlab.inspect.AttentionMaps;
import org.seqlab.inspect.EmbeddingMap;
import org.seqlab.inspect.EmbeddingSpace;
import org.seqlab.inspect.Gradients;
import org.seqlab.inspect.Positions;
import org.seqlab.inspect.InspectException;
import org.seqlab.inspect.Neurons;
import org.seqlab.inspect.NextToken;
import org.seqlab.inspect.RecurrentLayer;
import org.seqlab.inspect.StateMaps;
import org.seqlab.inspect.Surprisal;
import org.seqlab.inspect.TextTrace;
import org.seqlab.inspect.WordStates;
import org.seqlab.inspect.render.ColorMode;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.HeatmapGrid;
import org.seqlab.inspect.render.RenderException;
import org.seqlab.inspect.render.Renderers;
import org.seqlab.inspect.render.Terminal;
import org.seqlab.inspect.render.TerminalOptions;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.session.Workspace;
import org.seqlab.session.ModelSession;

/**
 * {@code inspect KIND ... [to FILE]}, {@code similarity} and {@code analogy}: finds the model and its
 * vocabulary in the workspace, turns the statement's text into token ids (a token outside the vocabulary
 * is an error naming it), has {@link org.seqlab.inspect} build the picture from a forward trace, and
 * prints it or writes it to the file. Runs on whichever thread runs the statement: from an {@code every}
 * rule that is the training thread, between two steps, so the weights seen are those of that step.
 */
final class InspectCommand {
    /** Units shown per map in the terminal; wider layers show their most varying units. */
    static final int MAX_ROWS = 40;
    /** Units shown per panel of a grid (the four gates of an LSTM). */
    static final int GRID_ROWS = 20;

    private InspectCommand() {
    }

    static void inspect(Statement.Inspect s, Workspace ws, PrintStream out) {
        var o = s.opts();
        if (s.kind().name().equals("positional")) {
            // the encoding itself: no model needed
            show(guarded(s.span(), () -> Positions.of((int) o.checkedNumber("dim"), (int) o.checkedNumber("length")).picture()),
                    s.output(), o.has("values"), out);
            return;
        }
        EmbeddingSpace counted = s.kind().name().equals("embedding") ? WordVectors.named(o, ws, s) : null;
        if (counted != null) {
            // word vectors made by 'vectors': no model needed
            if (o.has("map")) {
                embeddingMap(s, counted, "the word vectors " + o.arg("in").get().value().text(), out);
            } else {
                show(guarded(s.span(), () -> counted.nearest(text(s.query()), (int) o.checkedNumber("k"))), s.output(), false, out);
            }
            return;
        }
        String name = TensorEngine.modelName(s.model(), ws, s);
        ModelKind.of(ws.scope().models().get(name)).inspect(s, name, ws, out);
    }

    /** {@code inspect} on a plain model (its kind's view: {@link PlainKind}). */
    static void inspectPlain(Statement.Inspect s, Workspace ws, PrintStream out) {
        var o = s.opts();
        int layer = (int) o.number("layer").orElse(1);    // kinds that take no layer= look at the lowest
        String kind = s.kind().name();
        if (kind.equals("embedding") && o.has("map")) {
            embeddingMap(s, space(s.model(), o, ws, s), "the embedding of " + TensorEngine.modelName(s.model(), ws, s), out);
            return;
        }
        if (kind.equals("gradients")) {
            ModelSession m = session(s.model(), ws, s);
            TextTrace t = trace(m, s.text());
            show(guarded(s.span(), () -> Gradients.of(m.state.model(), t.ids(), t.tokens(), layer, o.has("all")).picture()),
                    s.output(), o.has("values"), out);
            return;
        }
        if (kind.equals("embedding")) {
            EmbeddingSpace space = space(s.model(), o, ws, s);
            show(guarded(s.span(), () -> space.nearest(text(s.query()), (int) o.checkedNumber("k"))), s.output(), false, out);
            return;
        }
        ModelSession m = session(s.model(), ws, s);
        Object picture = guarded(s.span(), () -> switch (kind) {
            case "words" -> words(s, m, ws, layer);
            default -> fromTrace(kind, trace(m, s.text()), m, s, layer);
        });
        show(picture, s.output(), o.has("values"), out);
    }

    private static Object fromTrace(String kind, TextTrace t, ModelSession m, Statement.Inspect s, int layer) {
        var o = s.opts();
        return switch (kind) {
            case "hidden" -> StateMaps.hidden(t, RecurrentLayer.pick(m.state.model(), layer));
            case "cell" -> StateMaps.cell(t, RecurrentLayer.pick(m.state.model(), layer));
            case "gates" -> StateMaps.gates(t, RecurrentLayer.pick(m.state.model(), layer));
            case "next" -> {
                nextTokenModel(m, "next", "the next-token distribution");
                yield NextToken.of(t, vocabulary(m).tokens(), (int) o.checkedNumber("k")).table();
            }
            case "surprisal" -> {
                DataKind k = m.state.kind();
                if (k != DataKind.NEXT_TOKEN) {
                    throw new InspectException("inspect surprisal reads -log p(token | prefix) from a next-token model; '"
                            + m.compiled.name() + "' is a " + k.words() + " model, whose outputs are not prefix probabilities",
                            k == DataKind.MASKED_TOKEN ? "use fill to see what a masked LM predicts for a <mask>"
                                    : "inspect a model trained with objective=next on a corpus");
                }
                yield Surprisal.of(t).strip();
            }
            case "neuron" -> Neurons.neuron(t, RecurrentLayer.pick(m.state.model(), layer), (int) o.checkedNumber("unit"));
            case "neurons" -> Neurons.mostChanging(t, RecurrentLayer.pick(m.state.model(), layer), (int) o.checkedNumber("top"));
            case "attention" -> !o.checkedText("show").equals("weights")
                    ? AttentionMaps.internals(t, layer, o.number("head").isPresent() ? (int) o.number("head").getAsDouble() : AttentionMaps.ALL,
                            o.checkedText("show"))
                    : AttentionMaps.of(t, layer, o.number("head").isPresent() ? (int) o.number("head").getAsDouble() : AttentionMaps.ALL);
            default -> throw new InspectException("not available yet: inspect " + kind);
        };
    }

    /** Refuses a model that does not predict the next token from its prefix. */
    private static void nextTokenModel(ModelSession m, String what, String reads) {
        DataKind k = m.state.kind();
        if (k != DataKind.NEXT_TOKEN) {
            throw new InspectException("inspect " + what + " shows " + reads + " of a next-token model; '" + m.compiled.name()
                    + "' is a " + k.words() + " model", k == DataKind.MASKED_TOKEN ? "use fill to see what a masked LM predicts for a <mask>"
                    : "inspect a model trained with objective=next on a corpus");
        }
    }

    /** Nearest words by mean hidden state over the text, or over the start of the model's validation split. */
    private static Object words(Statement.Inspect s, ModelSession m, Workspace ws, int layer) {
        Vocabulary v = vocabulary(m);
        int k = (int) s.opts().checkedNumber("k");
        RecurrentLayer l = RecurrentLayer.pick(m.state.model(), layer);
        String dataName = m.compiled.data().dataName();
        Dataset data = ws.scope().data().containsKey(dataName)
                ? EngineData.resolve(new Value.Word(dataName, s.span()), ws, TensorEngine.seed(ws)) : null;
        Map<String, String> categories = data == null ? Map.of() : data.tokenCategories();
        int[] ids;
        if (s.text() != null) {
            ids = trace(m, s.text()).ids();
        } else if (data instanceof Corpus c) {
            TokenStream stream = c.stream(Split.VALIDATION);
            ids = stream.toArray(0, Math.min(stream.length(), (int) s.opts().checkedNumber("tokens")));
        } else {
            throw new InspectException("inspect words needs a text (on \"...\") or a model trained on a corpus");
        }
        return WordStates.nearest(m.state.model(), v, ids, l, k, categories);
    }

    /**
     * {@code inspect embedding map words="..."}: the words' vectors from {@code space} (a model's embedding, or
     * vectors made by 'vectors') on their first two principal components. A word outside the space is an error at
     * the words= argument, with the nearest spelling the space has.
     */
    static void embeddingMap(Statement.Inspect s, EmbeddingSpace space, String source, PrintStream out) {
        var words = s.opts().arg("words").orElseThrow();
        List<String> chosen = java.util.Arrays.stream(text(words.value()).trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        List<float[]> vectors = new ArrayList<>();
        String raw = text(words.value());
        int from = 0;
        for (String w : chosen) {
            int at = raw.indexOf(w, from);
            from = at + w.length();
            vectors.add(guarded(wordSpan(words.value(), raw, at, w.length()), () -> space.vector(w)));
        }
        show(guarded(words.value().span(), () -> EmbeddingMap.of(chosen, vectors, source).picture()), s.output(), false, out);
    }

    /** The span of the word at {@code at} inside a quoted string written without escapes; else the string's. */
    private static SourceSpan wordSpan(Value v, String raw, int at, int length) {
        SourceSpan span = v.span();
        if (!(v instanceof Value.Str) || at < 0 || span.length() != raw.length() + 2 || raw.contains("\n")) return span;
        return new SourceSpan(span.file(), span.line(), span.column() + 1 + at, length);
    }

    static void similarity(Statement.Similarity s, Workspace ws, PrintStream out) {
        EmbeddingSpace space = space(s.model(), s.opts(), ws, s);
        String a = text(s.a()), b = text(s.b());
        double sim = guarded(s.span(), () -> space.similarity(a, b));
        out.println(String.format(java.util.Locale.ROOT, "similarity '%s' '%s' = %.4f (cosine of embeddings)", a, b, sim));
    }

    static void analogy(Statement.Analogy s, Workspace ws, PrintStream out) {
        EmbeddingSpace space = space(s.model(), s.opts(), ws, s);
        List<EmbeddingSpace.Term> terms = new ArrayList<>();
        for (Statement.Term t : s.terms()) terms.add(new EmbeddingSpace.Term(text(t.word()), t.positive()));
        Object table = guarded(s.span(), () -> space.analogy(terms, (int) s.opts().checkedNumber("k")));
        show(table, null, false, out);
    }

    // ---- pieces ----------------------------------------------------------------------------------

    /** The session of a model that has met its data, for the views made for plain models (other kinds say so). */
    static ModelSession session(Value.Word model, Workspace ws, Statement s) {
        ModelSession m = TensorEngine.existing(TensorEngine.modelName(model, ws, s), ws, s);
        ModelKind.of(m).plain(m, s);
        return m;
    }

    static Vocabulary vocabulary(ModelSession m) {
        Vocabulary v = m.compiled.data().vocabulary();
        if (v == null) throw new InspectException("model '" + m.compiled.name() + "' reads numbers, not tokens: there is no text to inspect");
        return v;
    }

    /**
     * The model's embedding table; for a model that has not met its data yet but starts with
     * {@code embed N from FILE}, the file's vectors themselves (every word in it).
     */
    private static EmbeddingSpace space(Value.Word model, org.seqlab.lang.ast.Args opts, Workspace ws, Statement s) {
        EmbeddingSpace counted = WordVectors.named(opts, ws, s);
        if (counted != null) return counted;
        String name = TensorEngine.modelName(model, ws, s);
        if (!(ws.model(name) != null)) {
            EmbeddingSpace fromFile = VectorsFile.space(ws.scope().models().get(name));
            if (fromFile != null) return fromFile;
        }
        ModelSession m = session(model, ws, s);
        return guarded(s.span(), () -> EmbeddingSpace.of(m.state.model(), vocabulary(m)));
    }

    /** One forward pass of the model on the statement's text. */
    static TextTrace trace(ModelSession m, Value text) {
        Vocabulary v = vocabulary(m);
        int[] ids;
        try {
            ids = v.encodeStrict(text(text));
        } catch (DataException e) {
            throw RunFailure.at(text.span(), e.getMessage(), e.hint());
        }
        if (ids.length == 0) throw RunFailure.at(text.span(), "the text has no tokens to inspect");
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(v.token(id));
        return TextTrace.of(m.state.model(), ids, tokens);
    }

    static String text(Value v) {
        return v instanceof Value.Str s ? s.value() : v.text();
    }

    /** Runs f; an inspection that cannot be made as asked becomes a RunFailure at the statement. */
    static <T> T guarded(SourceSpan span, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (InspectException e) {
            throw RunFailure.at(span, e.getMessage(), e.hint());
        }
    }

    /** Prints the picture for this terminal, or writes it to the file and says so. */
    static void show(Object picture, Value file, boolean values, PrintStream out) {
        if (file != null) {
            Path p = Path.of(text(file));
            try {
                Renderers.write(p, picture, values);
            } catch (RenderException e) {
                throw RunFailure.at(file.span(), e.getMessage());
            }
            out.println("wrote " + p);
            return;
        }
        TerminalOptions o = terminal(values);
        Object shown = summarised(picture, o.maxRows());
        Display.show(out, shown, values, Terminal.render(shown, o));
    }

    /** Wide layers are shown by their most varying units rather than overflowing the screen. */
    private static Object summarised(Object picture, int rows) {
        if (picture instanceof Heatmap h && h.rows() > rows) return h.topVarying(rows);
        if (picture instanceof HeatmapGrid g) return g.topVarying(GRID_ROWS);
        return picture;
    }

    /** Colour from the environment (NO_COLOR, TERM, COLORTERM) when stdout is a terminal; width from $COLUMNS or 100. */
    static TerminalOptions terminal(boolean values) {
        ColorMode mode = ColorMode.detect(System.getenv(), System.console() != null);
        int width = 100;
        String cols = System.getenv("COLUMNS");
        if (cols != null) {
            try {
                width = Integer.parseInt(cols.trim());
            } catch (NumberFormatException ignored) {
                width = 100;
            }
        }
        return new TerminalOptions(mode, width, values, MAX_ROWS);
    }
}
