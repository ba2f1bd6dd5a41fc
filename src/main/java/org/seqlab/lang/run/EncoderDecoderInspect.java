package org.seqlab.lang.run;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.data.DataException;
import org.seqlab.data.Vocabulary;
import org.seqlab.inspect.AttentionMaps;
import org.seqlab.inspect.InspectException;
import org.seqlab.inspect.TextTrace;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.train.Seq2SeqEval;
import org.seqlab.session.ModelSession;

/**
 * {@code inspect attention} on an encoder-decoder model: the statement's text is the source; the model
 * translates it greedily (as {@code translate} does), then one teacher-forced forward pass on the source and
 * [bos, its own output] traces what each decoder step attended to. For a recurrent decoder that pass computes
 * exactly the greedy steps, so the rows are the steps that produced the translation, each labelled by the
 * token it produced (the last one the end-of-sequence token when the model stopped).
 */
final class EncoderDecoderInspect {

    private EncoderDecoderInspect() {
    }

    static Object picture(Statement.Inspect s, ModelSession session, int layer) {
        String kind = s.kind().name();
        if (!kind.equals("attention")) {
            throw new InspectException("not available yet: inspect " + kind + " on an encoder-decoder model",
                    "inspect attention on \"...\" shows where each output token looked in the source");
        }
        var head = s.opts().number("head");
        return AttentionMaps.of(trace(session, s.text()), layer, head.isPresent() ? (int) head.getAsDouble() : AttentionMaps.ALL);
    }

    /** The source text's trace with the model's own translation as the target. */
    static TextTrace trace(ModelSession session, Value text) {
        Vocabulary v = session.compiled.data().vocabulary();
        int[] src;
        try {
            src = v.encodeStrict(InspectCommand.text(text));
        } catch (DataException e) {
            throw RunFailure.at(text.span(), e.getMessage(), e.hint());
        }
        if (src.length == 0) throw RunFailure.at(text.span(), "the text has no tokens to inspect");
        EncoderDecoder m = session.encoderDecoder();
        int bos = v.id(Vocabulary.BOS), eos = v.id(Vocabulary.EOS);
        int[] out = Seq2SeqEval.translate(m, src, bos, eos, 2 * src.length + 10);
        // Steps: the tokens produced, then eos (the step that decided to stop), unless the length ran out.
        int steps = Math.min(out.length + 1, 2 * src.length + 10);
        int[] in = new int[steps];
        List<String> labels = new ArrayList<>();
        in[0] = bos;
        for (int t = 0; t < steps; t++) {
            if (t > 0) in[t] = out[t - 1];
            labels.add(v.token(t < out.length ? out[t] : eos));
        }
        return TextTrace.ofTranslation(m, src, tokens(v, src), in, labels);
    }

    private static List<String> tokens(Vocabulary v, int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) out.add(v.token(id));
        return out;
    }
}
