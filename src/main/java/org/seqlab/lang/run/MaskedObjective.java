package org.seqlab.lang.run;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataException;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.SentencePairs;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.session.Workspace;
import org.seqlab.session.ModelSession;

/**
 * {@code objective=masked rate=R} (BERT): a train statement's corpus becomes a masked corpus
 * ({@link Corpus#masked}), which the trainer and the evaluator recognise by its kind. A model that has
 * trained this way keeps the objective: a later {@code train} without {@code objective=} and every
 * {@code evaluate} on a plain corpus mask it again at the model's last rate.
 * {@code objective=masked+next_sentence} adds BERT's second objective: the corpus becomes sentence pairs
 * ({@link Corpus#maskedPairs}), and the model gains segment embeddings and a next-sentence head (it keeps this
 * objective too; a model that trained with objective=masked alone grows them, {@link NextSentenceGrowth}). A corpus
 * without sentences is an error at the objective.
 *
 * <p>Choice: the objective asks for a token from both of its sides, so a model that can only look left
 * is refused with the layer's line: a {@code causal} attention or transformer layer, or a recurrent
 * layer that is not {@code bidirectional}. (Such a model could train, but it would learn to guess a
 * hidden token from its left context alone, which is what objective=next does better.)
 */
final class MaskedObjective {

    private MaskedObjective() {
    }

    /** The data a train statement trains {@code model} on: {@code data}, or its masked corpus. */
    static Dataset forTrain(Statement.Train s, Dataset data, Workspace ws, String model) {
        Optional<String> objective = s.opts().text("objective");
        ModelSession had = ws.model(model);
        boolean pairs = objective.map("masked+next_sentence"::equals)
                .orElse(had != null && had.compiled.data().sentencePairs() && data instanceof Corpus);
        boolean masked = pairs || objective.map("masked"::equals)
                .orElse(had != null && had.state.kind() == DataKind.MASKED_TOKEN && data instanceof Corpus);
        if (!masked) {
            if (s.opts().given("rate").isPresent()) {
                throw RunFailure.at(s.opts().given("rate").get().span(), "rate= is the masking rate of objective=masked",
                        "add objective=masked, or leave out rate=");
            }
            if (data instanceof Corpus c && c.kind() == DataKind.NEXT_TOKEN) {
                checkNoFuture(ws.scope().models().get(model), s.opts().arg("objective").map(Arg::span).orElse(s.span()));
            }
            return data;
        }
        Arg at = s.opts().arg("objective").orElse(null);
        if (!(data instanceof Corpus c)) {
            throw RunFailure.at(at != null ? at.span() : s.span(), "objective=masked trains on a text corpus; "
                    + data.name() + " is " + data.kind().words() + " data", "declare a corpus: corpus text = \"FILE\" tokens=char");
        }
        checkBothSides(ws.scope().models().get(model), at != null ? at.span() : s.span());
        // A model that has trained masked keeps its rate; else the checked rate= (the spec's default, BERT's 0.15).
        double rate = s.opts().given("rate").isEmpty() && had != null && had.maskRate() > 0 ? had.maskRate()
                : s.opts().checkedNumber("rate");
        if (pairs && s.opts().number("seq").orElse(SentencePairs.MIN_LENGTH) < SentencePairs.MIN_LENGTH) {
            throw RunFailure.at(s.opts().arg("seq").get().span(), "seq=" + (long) s.opts().number("seq").getAsDouble()
                    + " is too short for a sentence pair: <cls> A <sep> B <sep> needs " + SentencePairs.MIN_LENGTH + " positions",
                    "use seq=32 or more (BERT pairs fill 128 or 512)");
        }
        try {
            return pairs ? c.maskedPairs(rate) : c.masked(rate);
        } catch (DataException e) {
            throw RunFailure.at(e.getMessage().startsWith("rate=") ? s.opts().given("rate").map(Arg::span).orElse(s.span())
                    : at != null ? at.span() : s.span(), e.getMessage(), e.hint());
        }
    }

    /** The data an evaluate statement scores {@code model} on: a plain corpus is masked for a masked model. */
    static Dataset forEvaluate(Dataset data, Workspace ws, String model) {
        ModelSession m = ws.model(model);
        if (data instanceof Corpus c && c.kind() == DataKind.NEXT_TOKEN && m != null
                && m.state.kind() == DataKind.MASKED_TOKEN) {
            double rate = m.maskRate() > 0 ? m.maskRate() : StatementSpecs.defaultNumber("train", "rate");
            return m.compiled.data().sentencePairs() ? c.maskedPairs(rate) : c.masked(rate);
        }
        return data;
    }

    /** Refuses a seq2seq run with objective=masked (it has its own objective: the target sequence). */
    static void rejectForSeq2Seq(Statement.Train s, Dataset data) {
        s.opts().arg("objective").filter(a -> s.opts().text("objective").orElse("").startsWith("masked")).ifPresent(a -> {
            throw RunFailure.at(a.span(), "objective=" + s.opts().text("objective").get() + " trains on a text corpus; " + data.name()
                    + " is seq2seq data, whose objective is its target sequence", "leave out objective=");
        });
    }

    private static void checkBothSides(Statement.ModelDef def, SourceSpan at) {
        if (def == null) return;
        ModelItem.LayerDecl left = leftOnly(def.body());
        if (left == null) return;
        String kind = left.kind().toLowerCase(Locale.ROOT);
        boolean recurrent = !kind.equals("attention") && !kind.equals("transformer");
        String where = "the " + kind + " layer at line " + left.span().line();
        String message = "objective=masked predicts a hidden token from both of its sides, but " + where
                + (recurrent ? " reads left to right only" : " is causal: it sees only the left");
        String hint = recurrent ? "make it bidirectional, or use transformer layers without 'causal'"
                : "remove 'causal' (BERT's attention sees the whole window), or train with objective=next";
        throw RunFailure.at(at, message, hint);
    }

    /**
     * The next-token objective asks for each token from its left alone, so a layer that reads the tokens to the
     * right (a bidirectional recurrent layer, self-attention without 'causal') would be handed the answer.
     */
    private static void checkNoFuture(Statement.ModelDef def, SourceSpan at) {
        if (def == null) return;
        ModelItem.LayerDecl future = seesFuture(def.body());
        if (future == null) return;
        String kind = future.kind().toLowerCase(Locale.ROOT);
        boolean recurrent = !kind.equals("attention") && !kind.equals("transformer");
        String message = "a next-token model must not see the future, but the " + kind + " layer at line "
                + future.span().line() + (recurrent ? " is bidirectional: it reads the text from the right too"
                : " is not causal: every position attends to the tokens after it, the answer included");
        String hint = recurrent ? "remove 'bidirectional', or train with objective=masked (BERT-style)"
                : "add 'causal' (GPT-style), or train with objective=masked (BERT-style)";
        throw RunFailure.at(at, message, hint);
    }

    /** The first layer that reads tokens to the right of the one it is at, or null. */
    private static ModelItem.LayerDecl seesFuture(List<ModelItem> items) {
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
                String kind = l.kind().toLowerCase(Locale.ROOT);
                boolean attention = (kind.equals("attention") || kind.equals("transformer")) && l.args().arg("over").isEmpty();
                boolean recurrent = List.of("srn", "rnn", "lstm", "gru").contains(kind);
                if ((attention && !l.args().has("causal")) || (recurrent && l.args().has("bidirectional"))) return l;
            } else if (item instanceof ModelItem.Repeat r) {
                ModelItem.LayerDecl l = seesFuture(r.body());
                if (l != null) return l;
            }
        }
        return null;
    }

    /** The first layer that sees only the tokens to its left, or null. */
    private static ModelItem.LayerDecl leftOnly(List<ModelItem> items) {
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
                String kind = l.kind().toLowerCase(Locale.ROOT);
                boolean attention = kind.equals("attention") || kind.equals("transformer");
                boolean recurrent = List.of("srn", "rnn", "lstm", "gru").contains(kind);
                if ((attention && l.args().has("causal")) || (recurrent && !l.args().has("bidirectional"))) return l;
            } else if (item instanceof ModelItem.Repeat r) {
                ModelItem.LayerDecl l = leftOnly(r.body());
                if (l != null) return l;
            }
        }
        return null;
    }
}
