package org.seqlab.backend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Where a run's time goes, by kind of work: wraps a backend so that every operation's core time (its wall time
 * times the backend's threads, which it holds for the call) adds to its category (products, recurrent cells, attention, other pointwise work, losses, optimizer). For {@code bench
 * --breakdown}; a CPU backend computes before it returns, so a call's time is its work (a GPU backend's launches
 * would need a synchronise per call and are not what this measures). The wrapper is a dynamic proxy: it costs
 * about a tenth of a microsecond a call, which the breakdown reports as part of "other".
 */
public final class TimedBackend {

    /** The categories, in the order a breakdown prints them. */
    public enum Category { GEMM, CELL, ATTENTION, POINTWISE, LOSS, OPTIMIZER }

    private final AtomicLongArray nanos;
    private final AtomicLongArray calls;
    private final AtomicLong gemmFlops;
    private final Backend backend;

    private TimedBackend(Backend inner) {
        this(inner, new AtomicLongArray(Category.values().length), new AtomicLongArray(Category.values().length), new AtomicLong());
    }

    /** A timer adding to the given counters: a shard's backend adds to its parent's, its calls running beside others. */
    private TimedBackend(Backend inner, AtomicLongArray nanos, AtomicLongArray calls, AtomicLong gemmFlops) {
        this.nanos = nanos;
        this.calls = calls;
        this.gemmFlops = gemmFlops;
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("shardBackend")) return new TimedBackend((Backend) invoke(inner, m, args), nanos, calls, gemmFlops).backend;
            Category c = category(m.getName());
            if (c == null) return invoke(inner, m, args);
            if (c == Category.GEMM) gemmFlops.addAndGet(flops(m.getName(), args));
            long t0 = System.nanoTime();
            try {
                return invoke(inner, m, args);
            } finally {
                nanos.addAndGet(c.ordinal(), (System.nanoTime() - t0) * Math.max(1, inner.threads()));
                calls.incrementAndGet(c.ordinal());
            }
        };
        backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }

    /** A timer around {@code inner}; use {@link #backend()} in its place. */
    public static TimedBackend around(Backend inner) {
        return new TimedBackend(inner);
    }

    public Backend backend() {
        return backend;
    }

    /** Core-seconds spent per category since the start or the last {@link #reset()}. */
    public Map<Category, Double> seconds() {
        Map<Category, Double> out = new LinkedHashMap<>();
        for (Category c : Category.values()) out.put(c, nanos.get(c.ordinal()) / 1e9);
        return out;
    }

    /** Operations called per category. */
    public Map<Category, Long> calls() {
        Map<Category, Long> out = new LinkedHashMap<>();
        for (Category c : Category.values()) out.put(c, calls.get(c.ordinal()));
        return out;
    }

    /** Floating-point operations of the products since the start or the last reset (2 M N K each). */
    public long gemmFlops() {
        return gemmFlops.get();
    }

    public void reset() {
        gemmFlops.set(0);
        for (int i = 0; i < nanos.length(); i++) {
            nanos.set(i, 0);
            calls.set(i, 0);
        }
    }

    /** The category of a Backend method; null for bookkeeping (allocation, threads, names) that is not work. */
    static Category category(String method) {
        return switch (method) {
            case "gemm", "batchedGemm", "causalBatchedGemm" -> Category.GEMM;
            case "lstmCell", "lstmCellBackward", "gruCell", "gruCellBackward" -> Category.CELL;
            case "splitHeads", "mergeHeads", "maskedSoftmax", "maskedSoftmaxBackward", "additiveScores",
                 "additiveScoresBackward" -> Category.ATTENTION;
            case "softmaxCrossEntropy", "mse", "bceWithLogits" -> Category.LOSS;
            case "sgdStep", "adamStep", "rmspropStep" -> Category.OPTIMIZER;
            case "name", "alloc", "fromHost", "setThreads", "threads", "shutdown", "toString", "hashCode", "equals", "shards",
                 "forEachShard" -> null;
            default -> Category.POINTWISE;
        };
    }

    /** 2 M N K per product: c is (..., M, N); K is op(a)'s column count. */
    static long flops(String method, Object[] args) {
        boolean transA = (Boolean) args[0];
        Tensor a = (Tensor) args[3], c = (Tensor) args[6];
        Shape as = a.shape(), cs = c.shape();
        if (method.equals("gemm")) {
            return 2L * c.rows() * c.cols() * (transA ? a.rows() : a.cols());
        }
        int r = as.rank();
        long k = transA ? as.dim(r - 2) : as.dim(r - 1);
        if (method.equals("causalBatchedGemm")) {
            // Only the visible entries of the (Tq, Tk) matrix count: it is c (transB) or a.
            boolean transB = (Boolean) args[1];
            Shape tri = transB ? cs : as;
            int tr = tri.rank(), tq = tri.dim(tr - 2), tk = tri.dim(tr - 1);
            long visible = 0;
            for (int i = 0; i < tq; i++) visible += Math.max(0, Math.min(tk, i + 1 + tk - tq));
            long other = transB ? k : cs.dim(cs.rank() - 1);
            return 2L * (cs.size() / ((long) cs.dim(cs.rank() - 2) * cs.dim(cs.rank() - 1))) * visible * other;
        }
        return 2L * cs.size() * k;
    }

    private static Object invoke(Backend inner, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
