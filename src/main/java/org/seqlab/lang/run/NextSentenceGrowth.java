package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.backend.Backend;
import org.seqlab.compile.CompiledModel;
import org.seqlab.compile.DataShape;
import org.seqlab.compile.ModelCompiler;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;
import org.seqlab.train.TrainState;

/**
 * {@code train M on C objective=masked+next_sentence} on a model that has trained with objective=masked alone: as
 * in BERT's pretraining code, the same encoder goes on to learn both objectives. The model grows what next-sentence
 * prediction needs: segment embeddings and the next-sentence head, initialised from the session's seed as a new
 * model's would be, and the special tokens the pairs need ({@code <cls>}, {@code <sep>}, {@code <pad>}) appended to
 * its vocabulary, which appends rows to the token embedding and to the masked-LM output. Every trained weight keeps
 * its value and the optimizer its moments (new rows and new parameters start at zero). The grown model is a new
 * session put in the statement's workspace; the old one is not touched, so a failed statement leaves it in place.
 *
 * <p>Choices: a model grows where a new model with this objective compiles (a token embedding, an output at every
 * step, layers that read both sides): a recurrent encoder grows too when it is bidirectional, since the head then
 * reads at [CLS] a state that has seen the whole pair, as it does in a new model; elsewhere it is refused with the
 * error a new model gets, at the same line. It grows only when the corpus's vocabulary is the trained one with
 * special tokens appended (the same corpus, or one with the same tokens): other ids would change meaning, and such
 * a model is refused as before.
 */
final class NextSentenceGrowth {

    private NextSentenceGrowth() {
    }

    /** Whether {@code data} asks the trained masked model {@code had} for next-sentence prediction it can grow into. */
    static boolean applies(ModelSession had, Dataset data) {
        if (had == null || had.state.step() == 0 || had.compiled.model() == null || had.compiled.data().sentencePairs()) return false;
        if (!(data instanceof Corpus c) || !c.nextSentence() || had.state.kind() != DataKind.MASKED_TOKEN) return false;
        return added(had.compiled.data().vocabulary(), c.vocabulary()) != null;
    }

    /** The tokens {@code now} appends to {@code old}; null unless it is {@code old} with special tokens appended. */
    static List<String> added(Vocabulary old, Vocabulary now) {
        if (old == null || now == null || old.kind() != now.kind() || now.size() < old.size()) return null;
        if (!now.tokens().subList(0, old.size()).equals(old.tokens())) return null;
        List<String> more = now.tokens().subList(old.size(), now.size());
        return more.stream().allMatch(Vocabulary::isSpecial) ? more : null;
    }

    /**
     * The model {@code name} of {@code had} grown for {@code data} (see {@link #applies}), put in {@code ws} in its
     * place; the new parameters are drawn from {@code seed}, as a new model's would be.
     */
    static ModelSession grow(String name, ModelSession had, Corpus data, Workspace ws, Backend be, long seed) {
        CompiledModel cm = ModelCompiler.compile(ws.scope().models().get(name), DataShape.of(data), be, seed, false,
                n -> WordVectors.words(n, ws));
        keep(had.compiled.model().params(), cm.model().params());
        keep(had.compiled.model().buffers(), cm.model().buffers());
        ModelSession grown = had.grown(cm);
        ws.putModel(name, grown);
        return grown;
    }

    /** One line saying what {@code had} grew into {@code grown}: printed once the train statement is ready to run. */
    static void report(String name, ModelSession had, ModelSession grown, PrintStream out) {
        List<String> tokens = added(had.compiled.data().vocabulary(), grown.compiled.data().vocabulary());
        out.printf(Locale.ROOT, "%s: added segment embeddings, a next-sentence head%s for objective=masked+next_sentence"
                        + " (%,d parameters more; the trained weights are kept)%n", name,
                tokens.isEmpty() ? "" : " and " + String.join(", ", tokens),
                grown.compiled.model().parameterCount() - had.compiled.model().parameterCount());
    }

    /** Every trained tensor's values into its namesake in the grown model (a grown table: its leading rows). */
    private static void keep(List<Param> trained, List<Param> grown) {
        Map<String, Param> byName = new HashMap<>();
        for (Param p : grown) byName.put(p.name(), p);
        for (Param p : trained) {
            Param to = byName.get(p.name());
            if (to == null) throw new IllegalStateException("the grown model has no " + p.name());
            TrainState.copyLeading(p.value(), to.value());
        }
    }
}
