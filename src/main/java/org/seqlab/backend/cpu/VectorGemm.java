package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked matrix product on the JDK Vector API. The micro-kernel keeps a 4-row x 2-vector tile of C
 * in registers and streams a row of B and a column of A per k (broadcast FMA). A^T costs nothing (only A's
 * strides change); B^T is first packed into a K x N scratch buffer (amortised over the rows of A). Work is
 * split over threads by tile columns or rows, whichever is larger. Tails use masked vectors.
 */
final class VectorGemm implements Gemm, WorkerPool.Task {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;
    private static final int MR = 4;
    /** Depth of a k block. */
    private static final int KC = 256;
    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_MIN = 1L << 17;

    private WorkerPool pool;
    private float[] packed = new float[0];

    // The product being computed, read by every part (set by gemm before the pool runs).
    private int m, n, k, ars, aks, ldb, ldc, aOff, bOff, cOff;
    private float alpha;
    private float[] a, b, c;
    private boolean splitRows;

    VectorGemm(int threads) {
        pool = new WorkerPool(threads);
    }

    void setThreads(int threads) {
        if (threads == pool.threads()) return;
        pool.shutdown();
        pool = new WorkerPool(threads);
    }

    int threads() { return pool.threads(); }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (beta != 1) {
            for (int i = 0; i < m; i++) {
                int row = cOff + i * ldc;
                if (beta == 0) java.util.Arrays.fill(c, row, row + n, 0f);
                else for (int j = 0; j < n; j++) c[row + j] *= beta;
            }
        }
        if (k == 0 || alpha == 0) return;
        if (transB) {
            if (packed.length < k * n) packed = new float[k * n];
            for (int j = 0; j < n; j++) {
                int src = bOff + j * ldb;
                for (int kk = 0; kk < k; kk++) packed[kk * n + j] = b[src + kk];
            }
            b = packed;
            bOff = 0;
            ldb = n;
        }
        this.m = m; this.n = n; this.k = k; this.alpha = alpha;
        this.a = a; this.aOff = aOff; this.ars = transA ? 1 : lda; this.aks = transA ? lda : 1;
        this.b = b; this.bOff = bOff; this.ldb = ldb;
        this.c = c; this.cOff = cOff; this.ldc = ldc;
        int colTiles = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
        splitRows = rowTiles > colTiles;
        int parts = (long) m * n * k < PARALLEL_MIN ? 1 : Math.min(pool.threads(), Math.max(colTiles, rowTiles));
        pool.run(this, parts);
        this.a = null; this.b = null; this.c = null;
    }

    /** One part: a contiguous range of tile rows or tile columns. */
    @Override public void run(int part, int parts) {
        if (splitRows) {
            int tiles = (m + MR - 1) / MR;
            int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
            block(t0 * MR, Math.min(m, t1 * MR), 0, n);
        } else {
            int tiles = (n + NR - 1) / NR;
            int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
            block(0, m, t0 * NR, Math.min(n, t1 * NR));
        }
    }

    /** C[i0:i1, j0:j1] += alpha A B, in blocks of KC along k so a strip of B stays in the L1 cache. */
    private void block(int i0, int i1, int j0, int j1) {
        for (int k0 = 0; k0 < k; k0 += KC) {
            int k1 = Math.min(k, k0 + KC);
            int j = j0;
            for (; j + NR <= j1; j += NR) {
                int i = i0;
                for (; i + MR <= i1; i += MR) tile4x2(i, j, k0, k1);
                for (; i < i1; i++) tile1x2(i, j, k0, k1);
            }
            for (; j < j1; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, j1);
                for (int i = i0; i < i1; i++) tile1x1(i, j, mask, k0, k1);
            }
        }
    }

    private void tile4x2(int i, int j, int k0, int k1) {
        final float[] a = this.a, b = this.b;
        final int aks = this.aks, ldb = this.ldb;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int p0 = aOff + i * ars + k0 * aks, p1 = p0 + ars, p2 = p1 + ars, p3 = p2 + ars;
        int bp = bOff + k0 * ldb + j;
        for (int kk = k0; kk < k1; kk++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            bp += ldb;
            FloatVector x = FloatVector.broadcast(S, a[p0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[p1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[p2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[p3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            p0 += aks; p1 += aks; p2 += aks; p3 += aks;
        }
        int co = cOff + i * ldc + j;
        store(c00, co); store(c01, co + L);
        store(c10, co + ldc); store(c11, co + ldc + L);
        store(c20, co + 2 * ldc); store(c21, co + 2 * ldc + L);
        store(c30, co + 3 * ldc); store(c31, co + 3 * ldc + L);
    }

    private void tile1x2(int i, int j, int k0, int k1) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        int p = aOff + i * ars + k0 * aks, bp = bOff + k0 * ldb + j;
        for (int kk = k0; kk < k1; kk++) {
            FloatVector x = FloatVector.broadcast(S, a[p]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
            p += aks;
            bp += ldb;
        }
        int co = cOff + i * ldc + j;
        store(c0, co);
        store(c1, co + L);
    }

    private void tile1x1(int i, int j, VectorMask<Float> mask, int k0, int k1) {
        FloatVector c0 = FloatVector.zero(S);
        int p = aOff + i * ars + k0 * aks, bp = bOff + k0 * ldb + j;
        for (int kk = k0; kk < k1; kk++) {
            c0 = FloatVector.broadcast(S, a[p]).fma(FloatVector.fromArray(S, b, bp, mask), c0);
            p += aks;
            bp += ldb;
        }
        int co = cOff + i * ldc + j;
        FloatVector old = FloatVector.fromArray(S, c, co, mask);
        c0.fma(FloatVector.broadcast(S, alpha), old).intoArray(c, co, mask);
    }

    /** c[co ..] += alpha * acc. */
    private void store(FloatVector acc, int co) {
        acc.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, co)).intoArray(c, co);
    }
}
