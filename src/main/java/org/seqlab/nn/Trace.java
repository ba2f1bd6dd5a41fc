package org.seqlab.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.seqlab.tensor.Tensor;

/**
 * What a forward pass computed, by name: references to the layers' own (T, B, W) buffers, so recording
 * costs nothing; host copies are made only when asked. An entry may be a column block of a buffer
 * (the LSTM's gates.forget is columns [H, 2H) of its (T, B, 4H) gate buffer).
 * Names: "PREFIX.hidden", "PREFIX.cell", "PREFIX.gates.input", ..., where PREFIX names the layer and,
 * for stacked recurrent layers, "l1" / "l1_reverse".
 */
public final class Trace {
    /** Columns [colFrom, colFrom + cols) of a tensor seen as (T, B, width). */
    public record Entry(Tensor tensor, int colFrom, int cols) {
        public int steps() { return tensor.shape().rank() >= 3 ? tensor.shape().dim(0) : 1; }

        public int batch() { return tensor.rows() / steps(); }

        /** A host copy shaped (T, B, cols), row-major. */
        public float[] toHost() {
            float[] all = tensor.toHost();
            int width = tensor.cols();
            if (cols == width) return all;
            int rows = tensor.rows();
            float[] out = new float[rows * cols];
            for (int r = 0; r < rows; r++) System.arraycopy(all, r * width + colFrom, out, r * cols, cols);
            return out;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public void put(String name, Tensor t) { entries.put(name, new Entry(t, 0, t.cols())); }

    public void putColumns(String name, Tensor t, int colFrom, int cols) { entries.put(name, new Entry(t, colFrom, cols)); }

    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("nothing traced under '" + name + "' (traced: " + entries.keySet() + ")");
        return e;
    }

    public boolean has(String name) { return entries.containsKey(name); }

    public Set<String> names() { return Collections.unmodifiableSet(entries.keySet()); }

    public void clear() { entries.clear(); }
}
