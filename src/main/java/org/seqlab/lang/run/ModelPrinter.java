package org.seqlab.lang.run;

import java.util.List;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.TemplateParam;
import org.seqlab.lang.ast.Statement;

/** A model definition as readable text (for summary before the engine, :models and :help). */
public final class ModelPrinter {

    private ModelPrinter() {
    }

    public static String print(Statement.ModelDef m) {
        StringBuilder out = new StringBuilder("model ").append(m.name().name());
        if (m.template()) {
            out.append('(');
            List<TemplateParam> ps = m.params();
            for (int i = 0; i < ps.size(); i++) {
                TemplateParam p = ps.get(i);
                out.append(i > 0 ? ", " : "").append(p.name());
                if (p.defaultValue() != null) {
                    out.append('=').append(p.defaultValue().text());
                }
            }
            out.append(')');
        }
        out.append(" {\n");
        items(m.body(), "  ", out);
        return out.append("}\n").toString();
    }

    /** One line: "model lm: 5 layers" or "template char_lstm(hidden, layers)". */
    public static String line(Statement.ModelDef m) {
        if (m.template()) {
            return "template " + m.name().name() + "(" + String.join(", ",
                    m.params().stream().map(TemplateParam::name).toList()) + ")";
        }
        int n = count(m.body());
        return "model " + m.name().name() + ": " + n + (n == 1 ? " layer" : " layers");
    }

    private static int count(List<ModelItem> items) {
        int n = 0;
        for (ModelItem i : items) {
            if (i instanceof ModelItem.LayerDecl) {
                n++;
            } else if (i instanceof ModelItem.Repeat r) {
                int times = r.count() instanceof org.seqlab.lang.ast.Value.Num num ? (int) num.value() : 1;
                n += times * count(r.body());
            } else if (i instanceof ModelItem.Part p) {
                n += count(p.body());
            }
        }
        return n;
    }

    private static void items(List<ModelItem> items, String indent, StringBuilder out) {
        for (ModelItem i : items) {
            if (i instanceof ModelItem.LayerDecl l) {
                out.append(indent).append(l.kind());
                String args = l.args().toString();
                if (!args.isEmpty()) {
                    out.append(' ').append(args);
                }
                out.append('\n');
            } else if (i instanceof ModelItem.Repeat r) {
                out.append(indent).append("repeat ").append(r.count().text()).append(" {\n");
                items(r.body(), indent + "  ", out);
                out.append(indent).append("}\n");
            } else if (i instanceof ModelItem.Part p) {
                out.append(indent).append(p.side().word()).append(" {\n");
                items(p.body(), indent + "  ", out);
                out.append(indent).append("}\n");
            }
        }
    }
}
