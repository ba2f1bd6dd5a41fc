package org.seqlab.lang.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.SourceSpan;
import org.seqlab.export.PytorchModule;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Value;
import org.seqlab.session.ModelSession;

/**
 * The PyTorch module text of a session's model, plain or encoder-decoder, and, when the export refuses a layer,
 * the line of the model definition that built it.
 */
final class ExportSource {

    private ExportSource() {
    }

    static String of(String name, ModelSession m, String checkpoint) {
        if (m.encoderDecoder() != null) {
            Vocabulary v = m.compiled.data().vocabulary();
            return PytorchModule.source(name, m.encoderDecoder(), checkpoint, v.bosId(), v.eosId());
        }
        return PytorchModule.source(name, m.state.model(), checkpoint);
    }

    /**
     * Where the layer named {@code layer} ("attention1", "decoder.lstm2") is written: its n-th layer line of that
     * kind (srn and rnn count together in a plain model, as the compiler names them). The fallback when not found.
     */
    static SourceSpan spanOf(String layer, ModelSession m, SourceSpan fallback) {
        List<ModelItem> body = m.compiled.source().body();
        String local = layer;
        boolean parts = false;
        for (ModelItem.Side side : ModelItem.Side.values()) {
            if (layer.startsWith(side.word() + ".")) {
                local = layer.substring(side.word().length() + 1);
                for (ModelItem i : body) if (i instanceof ModelItem.Part p && p.side() == side) body = p.body();
                parts = true;
            }
        }
        int digits = local.length();
        while (digits > 0 && Character.isDigit(local.charAt(digits - 1))) digits--;
        if (digits == local.length()) return fallback;
        String base = local.substring(0, digits);
        int n = Integer.parseInt(local.substring(digits));
        List<ModelItem.LayerDecl> layers = new ArrayList<>();
        flatten(body, layers);
        for (ModelItem.LayerDecl l : layers) {
            String kind = l.kind().toLowerCase(Locale.ROOT);
            if (!parts && kind.equals("srn")) kind = "rnn";
            if (kind.equals(base) && --n == 0) return l.span();
        }
        return fallback;
    }

    private static void flatten(List<ModelItem> items, List<ModelItem.LayerDecl> out) {
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
                out.add(l);
            } else if (item instanceof ModelItem.Repeat r && r.count() instanceof Value.Num k && k.isInteger()) {
                for (long i = 0; i < k.asLong(); i++) flatten(r.body(), out);
            }
        }
    }
}
