package org.seqlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.backend.Backends;
import org.seqlab.tensor.Tensor;

/**
 * GFLOP/s of the CPU backend's matrix products at the shapes the char-rnn bench uses (batch 50, seq 50,
 * embedding 64, hidden 128, LSTM gates 512, vocabulary 65) and the GPT bench uses (768 tokens, width 128, MLP 512). Run:
 * {@code java --add-modules jdk.incubator.vector -XX:PerBytecodeTrapLimit=100 -XX:PerMethodTrapLimit=10000 -cp seqlab.jar
 * org.seqlab.bench.KernelBench [threads] [reference] [small|lstm512|gpt6|all|attn]} (the trap limits as bin/seqlab sets
 * them); lstm512 and gpt6 are the products of {@code bench lstm --hidden 512} and of the 6-layer, 384-wide GPT.
 * Prints the best of many short trials (about 20 MFLOP each, so some run undisturbed on a busy machine) as
 * wall-clock GFLOP/s and, for one thread, GFLOP/s over the thread's CPU time.
 */
public final class KernelBench {
    private KernelBench() {}

    /** One product: name, transA, transB, M, N, K, beta. */
    private record Case(String name, boolean ta, boolean tb, int m, int n, int k, float beta) {}

    private static final Case[] CASES = {
        new Case("recurrent fwd  h·W_hhT  50x512x128", false, false, 50, 512, 128, 1f),
        new Case("recurrent bwd  dG·W_hh  50x128x512", false, false, 50, 128, 512, 1f),
        new Case("input proj     x·W_ihT  2500x512x128", false, true, 2500, 512, 128, 0f),
        new Case("input proj l0  x·W_ihT  2500x512x64", false, true, 2500, 512, 64, 0f),
        new Case("weight grad    dGT·h    512x128x2500", true, false, 512, 128, 2500, 1f),
        new Case("input grad     dG·W_ih  2500x128x512", false, false, 2500, 128, 512, 0f),
        new Case("output fwd     h·WT     2500x65x128", false, true, 2500, 65, 128, 0f),
        new Case("output dW      dZT·h    65x128x2500", true, false, 65, 128, 2500, 1f),
        new Case("output dx      dZ·W     2500x128x65", false, false, 2500, 128, 65, 0f),
        new Case("rnn recurrent  h·W_hhT  50x128x128", false, false, 50, 128, 128, 1f),
        new Case("rnn weight grad dGT·h   128x128x2500", true, false, 128, 128, 2500, 1f),
        new Case("gpt qkv        x·W_inT  768x384x128", false, true, 768, 384, 128, 0f),
        new Case("gpt mlp up     x·W_fcT  768x512x128", false, true, 768, 512, 128, 0f),
        new Case("gpt mlp down   h·W_prT  768x128x512", false, true, 768, 128, 512, 0f),
        new Case("gpt dW up      dYT·x    512x128x768", true, false, 512, 128, 768, 1f),
        new Case("gpt dW down    dYT·h    128x512x768", true, false, 128, 512, 768, 1f),
        new Case("gpt dx up      dY·W_fc  768x128x512", false, false, 768, 128, 512, 0f),
        new Case("gpt dx down    dY·W_pr  768x512x128", false, false, 768, 512, 128, 0f),
    };

    /** The 2 x 512 LSTM bench (batch 50, seq 50, embedding 64, hidden 512, gates 2048). */
    private static final Case[] LSTM512 = {
        new Case("lstm512 rec fwd  50x2048x512", false, false, 50, 2048, 512, 1f),
        new Case("lstm512 rec bwd  50x512x2048", false, false, 50, 512, 2048, 1f),
        new Case("lstm512 in l1    2500x2048x512", false, true, 2500, 2048, 512, 0f),
        new Case("lstm512 in l0    2500x2048x64", false, true, 2500, 2048, 64, 0f),
        new Case("lstm512 dW       2048x512x2500", true, false, 2048, 512, 2500, 1f),
        new Case("lstm512 dx       2500x512x2048", false, false, 2500, 512, 2048, 0f),
    };

    /** The 6-layer GPT bench (B16 x ctx128 = 2048 tokens, width 384, MLP 1536). */
    private static final Case[] GPT6 = {
        new Case("gpt6 qkv         2048x1152x384", false, true, 2048, 1152, 384, 0f),
        new Case("gpt6 up          2048x1536x384", false, true, 2048, 1536, 384, 0f),
        new Case("gpt6 down        2048x384x1536", false, true, 2048, 384, 1536, 0f),
        new Case("gpt6 dW qkv      1152x384x2048", true, false, 1152, 384, 2048, 1f),
        new Case("gpt6 dW up       1536x384x2048", true, false, 1536, 384, 2048, 1f),
        new Case("gpt6 dW down     384x1536x2048", true, false, 384, 1536, 2048, 1f),
        new Case("gpt6 dx qkv      2048x384x1152", false, false, 2048, 384, 1152, 0f),
        new Case("gpt6 dx up       2048x384x1536", false, false, 2048, 384, 1536, 0f),
        new Case("gpt6 dx down     2048x1536x384", false, false, 2048, 1536, 384, 0f),
    };

    /**
     * Arguments: [threads] then any of "reference" (the reference backend), "small" (the default shapes), "lstm512",
     * "gpt6" (the large benches' shapes), "all", "attn" (the GPT bench's causal attention products, batched). Each case runs at most about 1.5 s of trials.
     */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        boolean reference = false, attn = false;
        java.util.List<Case> cases = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "reference" -> reference = true;
                case "small" -> cases.addAll(java.util.List.of(CASES));
                case "lstm512" -> cases.addAll(java.util.List.of(LSTM512));
                case "gpt6" -> cases.addAll(java.util.List.of(GPT6));
                case "attn" -> attn = true;
                case "all" -> { cases.addAll(java.util.List.of(CASES)); cases.addAll(java.util.List.of(LSTM512)); cases.addAll(java.util.List.of(GPT6)); }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cases.isEmpty() && !attn) cases.addAll(java.util.List.of(CASES));
        Backend be = Backends.create(reference ? "cpu-reference" : "cpu", threads);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Random rnd = new Random(7);
        System.out.printf(Locale.ROOT, "%s, %d thread(s)%n%-38s %10s %10s%n", be.name(), threads, "product", "GFLOP/s", "cpu GF/s");
        for (Case c : cases) {
            Tensor a = random(be, c.ta ? c.k : c.m, c.ta ? c.m : c.k, rnd);
            Tensor b = random(be, c.tb ? c.n : c.k, c.tb ? c.k : c.n, rnd);
            Tensor out = be.alloc(c.m, c.n);
            double flops = 2.0 * c.m * c.n * c.k;
            int reps = (int) Math.max(1, 2e7 / flops);
            long warm = System.nanoTime() + 1_000_000_000L;
            for (int r = 0; r < 50 * reps && (r < 3 || System.nanoTime() < warm); r++) be.gemm(c.ta, c.tb, 1f, a, b, 0f, out);
            double bestWall = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
            long deadline = System.nanoTime() + 1_500_000_000L;
            for (int trial = 0; trial < 150 && System.nanoTime() < deadline; trial++) {
                long w0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                for (int r = 0; r < reps; r++) be.gemm(c.ta, c.tb, 1f, a, b, c.beta, out);
                bestWall = Math.min(bestWall, (double) (System.nanoTime() - w0) / reps);
                bestCpu = Math.min(bestCpu, (double) (mx.getCurrentThreadCpuTime() - c0) / reps);
            }
            System.out.printf(Locale.ROOT, "%-38s %10.1f %10s%n", c.name, flops / bestWall,
                    threads == 1 ? String.format(Locale.ROOT, "%.1f", flops / bestCpu) : "-");
        }
        if (attn) attention(threads);
    }

    /**
     * The causal attention products of the GPT bench, per (batch, head) matrix (12 x 4 of them, T 64, head width 32):
     * q k^T and dO v^T (64x64x32, the visible half), p v and dS k (64x32x64), p^T dO and dS^T q (64x32x64, transA).
     * GFLOP/s count the visible half's multiply-adds.
     */
    private static void attention(int threads) {
        Backend be = Backends.create("cpu", threads);
        Random rnd = new Random(7);
        int bh = 48, t = 64, d = 32;
        Tensor q = random4(be, bh, t, d, rnd), k = random4(be, bh, t, d, rnd), p = random4(be, bh, t, t, rnd);
        Tensor s = be.alloc(org.seqlab.tensor.Shape.of(bh, t, t)), o = be.alloc(org.seqlab.tensor.Shape.of(bh, t, d));
        Object[][] cases = {{"attn q k^T   48x 64x64x32 causal", false, true, q, k, s},
            {"attn p v     48x 64x32x64 causal", false, false, p, k, o},
            {"attn p^T dO  48x 64x32x64 causal", true, false, p, k, o}};
        double flops = bh * (t * (t + 1) / 2.0) * d * 2;
        System.out.printf(Locale.ROOT, "cpu, %d thread(s)%n", threads);
        for (Object[] c : cases) {
            boolean ta = (Boolean) c[1], tb = (Boolean) c[2];
            Tensor a = (Tensor) c[3], b = (Tensor) c[4], out = (Tensor) c[5];
            for (boolean causal : new boolean[] {true, false}) {
                for (int r = 0; r < 3000; r++) {
                    if (causal) be.causalBatchedGemm(ta, tb, 1f, a, b, 0f, out); else be.batchedGemm(ta, tb, 1f, a, b, 0f, out);
                }
                double best = Double.MAX_VALUE;
                for (int trial = 0; trial < 100; trial++) {
                    long w0 = System.nanoTime();
                    for (int r = 0; r < 20; r++) {
                        if (causal) be.causalBatchedGemm(ta, tb, 1f, a, b, 0f, out); else be.batchedGemm(ta, tb, 1f, a, b, 0f, out);
                    }
                    best = Math.min(best, (System.nanoTime() - w0) / 20.0);
                }
                System.out.printf(Locale.ROOT, "%-38s %10.1f  (%.1f us)%n", c[0] + (causal ? "" : " full"),
                        flops * (causal ? 1 : 2.0 * t / (t + 1)) / best, best / 1e3);
            }
        }
    }

    private static Tensor random4(Backend be, int n, int rows, int cols, Random rnd) {
        float[] v = new float[n * rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextFloat() - 0.5f;
        return be.fromHost(v, org.seqlab.tensor.Shape.of(n, rows, cols));
    }

    private static Tensor random(Backend be, int rows, int cols, Random rnd) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextFloat() - 0.5f;
        return be.fromHost(v, org.seqlab.tensor.Shape.of(rows, cols));
    }
}
