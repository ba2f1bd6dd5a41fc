package org.seqlab.lang.run;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.LayerSpecs;

/**
 * A checked model definition as source text that parses back to the same definition: what a
 * checkpoint stores in its metadata. Recurrent layers use the {@code layer KIND(args)} spelling.
 */
final class ModelSource {

    private ModelSource() {
    }

    static String print(Statement.ModelDef m) {
        StringBuilder sb = new StringBuilder("model ").append(m.name().name()).append(" {\n");
        items(m.body(), "  ", sb);
        return sb.append("}\n").toString();
    }

    private static void items(List<ModelItem> items, String indent, StringBuilder sb) {
        for (ModelItem i : items) {
            if (i instanceof ModelItem.LayerDecl l) {
                List<String> args = new ArrayList<>();
                for (Arg a : l.args().args()) args.add(a.name() + "=" + value(a.value()));
                sb.append(indent);
                if (LayerSpecs.RECURRENT.contains(l.kind())) {
                    sb.append("layer ").append(l.kind()).append('(').append(String.join(", ", args)).append(')');
                } else {
                    sb.append(l.kind());
                    for (String a : args) sb.append(' ').append(a);
                }
                for (Value.Word f : l.args().flags()) sb.append(' ').append(f.name());
                sb.append('\n');
            } else if (i instanceof ModelItem.Repeat r) {
                sb.append(indent).append("repeat ").append(r.count().text()).append(" {\n");
                items(r.body(), indent + "  ", sb);
                sb.append(indent).append("}\n");
            } else if (i instanceof ModelItem.Part p) {
                sb.append(indent).append(p.side().word()).append(" {\n");
                items(p.body(), indent + "  ", sb);
                sb.append(indent).append("}\n");
            }
        }
    }

    private static String value(Value v) {
        return v instanceof Value.Path p ? new Value.Str(p.path(), p.span()).text() : v.text();
    }
}
