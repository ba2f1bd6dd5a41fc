package org.seqlab.lang.check;

import java.util.List;
import java.util.Locale;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;

/**
 * Refuses models too big to build, before anything is allocated: more layers than
 * {@link #MAX_LAYERS} once repeats are unrolled, or more parameters than the Java heap can hold
 * with their gradients and optimizer state. The data is not known yet, so the count is a lower
 * bound (vocabulary and input widths taken as 1); a model refused here could never be built.
 */
final class ModelSize {

    /** Layers of a model once its repeats are unrolled. */
    static final long MAX_LAYERS = 10_000;
    /** The share of the heap a model's parameters may take (the compiler's per-layer check uses the same). */
    static final double HEAP_SHARE = 0.8;
    /** float32 weights, gradients and two Adam moments. */
    static final long BYTES_PER_PARAMETER = 16;

    private final Report r;
    private long layers;
    private long params;
    private SourceSpan biggestRepeat;
    private long biggestRepeatCount;

    /** The layer at which the parameters passed the heap's budget, or null. */
    private SourceSpan tooBig;
    private final long budget;

    private ModelSize(Report r, long heapBytes) {
        this.r = r;
        this.budget = (long) (heapBytes * HEAP_SHARE);
    }

    /** Checks a model whose body has no template parameters left. */
    static void check(Statement.ModelDef m, Report r) {
        check(m, r, Runtime.getRuntime().maxMemory());
    }

    static void check(Statement.ModelDef m, Report r, long heapBytes) {
        ModelSize s = new ModelSize(r, heapBytes);
        s.walk(m.body(), 1, 1);
        String name = "model '" + m.name().name() + "'";
        SourceSpan at = s.biggestRepeat != null ? s.biggestRepeat : m.name().span();
        if (s.layers > MAX_LAYERS) {
            r.error(at, String.format(Locale.ROOT, "%s has %s layers once its repeats are unrolled (at most %,d)",
                    name, s.layers == Long.MAX_VALUE ? "more than 9e18" : String.format(Locale.ROOT, "%,d", s.layers),
                    MAX_LAYERS), "use fewer or smaller repeats");
            return;
        }
        long bytes = sat(s.params, BYTES_PER_PARAMETER);
        if (s.tooBig != null) {
            r.error(s.tooBig, String.format(Locale.ROOT,
                    "%s needs %s parameters, %s with their gradients and optimizer state; the Java heap holds at most %s",
                    name, count(s.params), size(bytes), size(heapBytes)),
                    "use smaller or fewer layers, or give Java more memory (e.g. java -Xmx16g)");
        }
    }

    /** Adds the layers of {@code items}, repeated {@code times}; returns the width coming out. */
    private long walk(List<ModelItem> items, long width, long times) {
        for (ModelItem item : items) {
            if (item instanceof ModelItem.LayerDecl l) {
                layers = add(layers, times);
                width = layer(l, width, times);
            } else if (item instanceof ModelItem.Repeat rep) {
                long n = rep.count() instanceof Value.Num c && c.value() >= 1 ? (long) Math.min(c.value(), 1e15) : 1;
                if (n > biggestRepeatCount) {
                    biggestRepeatCount = n;
                    biggestRepeat = rep.count().span();
                }
                width = walk(rep.body(), width, sat(times, n));
            } else if (item instanceof ModelItem.Part p) {
                walk(p.body(), 1, times);
            }
        }
        return width;
    }

    private long layer(ModelItem.LayerDecl l, long in, long times) {
        Args a = l.args();
        long p;
        long out = in;
        switch (l.kind()) {
            case "srn", "rnn", "lstm", "gru" -> {
                long h = num(a, "hidden", 1);
                long gates = l.kind().equals("lstm") ? 4 : l.kind().equals("gru") ? 3 : 1;
                long dirs = a.flags().stream().anyMatch(f -> f.name().equals("bidirectional")) ? 2 : 1;
                long stack = num(a, "layers", 1);
                p = sat(sat(gates, h), add(in, h));
                p = add(p, sat(sat(stack - 1, sat(gates, h)), add(sat(dirs, h), h)));
                p = sat(p, dirs);
                out = sat(dirs, h);
            }
            case "embed" -> {
                out = num(a, "dim", 1);
                p = out;
            }
            case "positional" -> p = 0;
            case "attention" -> {
                long d = num(a, "dim", in);
                p = sat(4, sat(d, d));
                out = d;
            }
            case "transformer" -> {
                long d = num(a, "dim", in);
                long ff = num(a, "ff", sat(4, d));
                p = add(sat(4, sat(d, d)), sat(2, sat(d, ff)));
                out = d;
            }
            case "dense", "output" -> {
                out = num(a, "units", 1);
                p = sat(in, out);
            }
            default -> p = 0;
        }
        params = add(params, sat(p, times));
        if (tooBig == null && sat(params, BYTES_PER_PARAMETER) > budget) {
            tooBig = l.span();
        }
        return out;
    }

    private static long num(Args a, String name, long otherwise) {
        return a.value(name).orElse(null) instanceof Value.Num n && n.value() >= 1
                ? (long) Math.min(n.value(), 1e15) : otherwise;
    }

    private static long sat(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static String count(long n) {
        return n == Long.MAX_VALUE ? "more than 9e18" : String.format(Locale.ROOT, "at least %,d", n);
    }

    private static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) return "more than 8 EB";
        double gb = bytes / (double) (1L << 30);
        return gb >= 1 ? String.format(Locale.ROOT, "%.1f GB", gb) : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
