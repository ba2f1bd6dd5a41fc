package org.seqlab.compile;

import java.util.Locale;

/** The Keras-like table of a compiled model: layer, kind, output shape, parameters, and the total. */
public final class Summary {

    private Summary() {
    }

    public static String table(CompiledModel m) {
        return table(m.name(), m.data(), m.rows());
    }

    /** The table for any model given its rows (an encoder-decoder's: encoder rows first). */
    public static String table(String name, DataShape data, java.util.List<CompiledModel.Row> rows) {
        int wName = "layer".length(), wKind = "kind".length(), wShape = "output shape".length();
        for (CompiledModel.Row r : rows) {
            wName = Math.max(wName, r.name().length());
            wKind = Math.max(wKind, r.kind().length());
            wShape = Math.max(wShape, r.outputShape().length());
        }
        String fmt = "%-" + wName + "s  %-" + wKind + "s  %-" + wShape + "s  %12s%n";
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(name).append(" on ").append(data.describe()).append('\n');
        String header = String.format(Locale.ROOT, fmt, "layer", "kind", "output shape", "params");
        sb.append(header);
        String rule = "-".repeat(header.length() - 1) + "\n";
        sb.append(rule);
        long total = 0;
        for (CompiledModel.Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.name(), r.kind(), r.outputShape(), String.format(Locale.ROOT, "%,d", r.params())));
            total += r.params();
        }
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "total parameters: %,d (%s float32)%n", total, bytes(total * 4)));
        sb.append("T = time steps, B = batch\n");
        return sb.toString();
    }

    private static String bytes(long b) {
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
    }
}
