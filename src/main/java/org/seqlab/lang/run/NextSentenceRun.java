package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.data.DataException;
import org.seqlab.data.Vocabulary;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.Model;
import org.seqlab.nn.NextSentence;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;

/**
 * {@code classify "A [SEP] B" with M} on a model trained with {@code objective=masked+next_sentence}: the pair as
 * the model saw pairs in training ({@code <cls> A <sep> B <sep>}, segment 0 then 1) and the next-sentence head's
 * probabilities, IsNext first.
 */
final class NextSentenceRun {

    private NextSentenceRun() {
    }

    /** Whether the statement's model has a next-sentence head (then {@link #classify} answers it). */
    static boolean handles(Statement.Classify s, Workspace ws) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        ModelSession m = ws.model(name);
        return m != null && m.compiled.model() != null && m.compiled.model().nextSentence() != null;
    }

    static void classify(Statement.Classify s, Workspace ws, PrintStream out) {
        ModelSession m = ws.model(TensorEngine.modelName(s.model(), ws, s));
        Model model = m.compiled.model();
        Vocabulary v = m.compiled.data().vocabulary();
        Value text = s.text();
        String[] parts = InspectCommand.text(text).split("\\[SEP\\]|" + java.util.regex.Pattern.quote(Vocabulary.SEP), -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw RunFailure.at(text.span(), "a next-sentence model classifies a pair of sentences: two texts with [SEP] between them",
                    "e.g. classify \"boy eat cookie . [SEP] boy sleep .\" with " + m.compiled.name());
        }
        int[] a, b;
        try {
            a = v.encodeStrict(parts[0]);
            b = v.encodeStrict(parts[1]);
        } catch (DataException e) {
            throw RunFailure.at(text.span(), e.getMessage(), e.hint());
        }
        int t = a.length + b.length + 3;
        int[] ids = new int[t], seg = new int[t];
        List<String> shown = new ArrayList<>();
        int k = 0;
        ids[k++] = v.id(Vocabulary.CLS);
        for (int id : a) ids[k++] = id;
        ids[k++] = v.id(Vocabulary.SEP);
        for (int id : b) {
            seg[k] = 1;
            ids[k++] = id;
        }
        seg[k] = 1;
        ids[k] = v.id(Vocabulary.SEP);
        for (int id : ids) shown.add(v.token(id));
        for (var r : model.recurrentLayers()) {
            r.prepareState(1);
            r.resetState();
        }
        float[] p;
        model.segments(seg);
        try {
            model.forward(ids, 0, t, 1, false);
            p = model.nextSentence().probabilities().toHost();
        } finally {
            model.segments(null);
        }
        out.println("next-sentence head on: " + String.join(" ", shown));
        out.printf(Locale.ROOT, "  IsNext   %.4f  %s%n", p[NextSentence.IS_NEXT], bar(p[NextSentence.IS_NEXT]));
        out.printf(Locale.ROOT, "  NotNext  %.4f  %s%n", p[NextSentence.NOT_NEXT], bar(p[NextSentence.NOT_NEXT]));
    }

    private static String bar(double p) {
        return "#".repeat((int) Math.round(p * 40));
    }
}
