package org.seqlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked matrix product on the JDK Vector API. The micro-kernel keeps a 5-row x 2-vector tile of C
 * in registers (10 accumulators: 5 x 16 floats with AVX2; 5 rows divide the batch of 50 and the 2500 rows of
 * a sequence batch) and per k broadcasts 5 elements of A and loads one
 * 2-vector row of B. For each column strip, whose KC x 2L block of B stays in the L1 cache, the tiles run down
 * A in place (A^T costs nothing: only its strides change). B^T is first packed into a K x N scratch matrix; the
 * last partial column strip of B and the last rows of A (fewer than 5) are packed zero-padded, so no kernel
 * needs masked vector operations (slow on JDK 17), and partial tiles are stored through a small scratch tile.
 * beta = 0 is a store on the first k block (C is not read). Work is split over threads by row tiles or column
 * strips, whichever has more; small products run on the caller alone.
 */
final class VectorGemm implements Gemm, WorkerPool.Task {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;
    private static final int MR = 5;
    /** Depth of a k block: a packed A panel (MR x KC) stays in L1, a B block (KC x N) in L2. */
    private static final int KC = 256;
    /** Rows of A per block: MC x KC of A stays in L2 while the column strips pass over it. */
    private static final int MC = 10 * MR;
    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_MIN = 1L << 22;

    private WorkerPool pool;
    private float[] packedB = new float[0], tailB = new float[0];
    /** Per part: a packed A panel (KC x MR) and a scratch tile (MR x NR). */
    private float[][] panels, tiles;

    // The product being computed, read by every part (set by gemm before the pool runs).
    private int m, n, k, ars, aks, ldb, ldc, aOff, bOff, cOff, nFull;
    private float alpha;
    private boolean overwrite;
    private float[] a, b, c;
    private boolean splitRows;

    VectorGemm(int threads) {
        setThreads(threads);
    }

    void setThreads(int threads) {
        if (pool != null && threads == pool.threads()) return;
        if (pool != null) pool.shutdown();
        pool = new WorkerPool(threads);
        panels = new float[threads][KC * MR];
        tiles = new float[threads][MR * NR];
    }

    int threads() { return pool.threads(); }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        boolean noProduct = k == 0 || alpha == 0;
        if (beta != 1 && (beta != 0 || noProduct)) {
            for (int i = 0; i < m; i++) {
                int row = cOff + i * ldc;
                if (beta == 0) java.util.Arrays.fill(c, row, row + n, 0f);
                else for (int j = 0; j < n; j++) c[row + j] *= beta;
            }
        }
        if (noProduct) return;
        if (transB) {
            if (packedB.length < k * n) packedB = new float[k * n];
            for (int j = 0; j < n; j++) {
                int src = bOff + j * ldb;
                for (int kk = 0; kk < k; kk++) packedB[kk * n + j] = b[src + kk];
            }
            b = packedB;
            bOff = 0;
            ldb = n;
        }
        nFull = n - n % NR;
        if (nFull < n) packTail(b, bOff, ldb, k, n);
        this.m = m; this.n = n; this.k = k; this.alpha = alpha; this.overwrite = beta == 0;
        this.a = a; this.aOff = aOff; this.ars = transA ? 1 : lda; this.aks = transA ? lda : 1;
        this.b = b; this.bOff = bOff; this.ldb = ldb;
        this.c = c; this.cOff = cOff; this.ldc = ldc;
        int colTiles = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
        splitRows = rowTiles >= colTiles;
        int parts = (long) m * n * k < PARALLEL_MIN ? 1 : Math.min(pool.threads(), Math.max(colTiles, rowTiles));
        pool.run(this, parts);
        this.a = null; this.b = null; this.c = null;
    }

    /** Columns [nFull, n) of B, zero-padded to NR, k-major: tailB[kk * NR + j]. */
    private void packTail(float[] b, int bOff, int ldb, int k, int n) {
        if (tailB.length < k * NR) tailB = new float[k * NR];
        int w = n - nFull;
        for (int kk = 0; kk < k; kk++) {
            System.arraycopy(b, bOff + kk * ldb + nFull, tailB, kk * NR, w);
            java.util.Arrays.fill(tailB, kk * NR + w, kk * NR + NR, 0f);
        }
    }

    /** One part: a contiguous range of row panels or column strips. */
    @Override public void run(int part, int parts) {
        if (splitRows) {
            int tiles = (m + MR - 1) / MR;
            int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
            block(part, t0 * MR, Math.min(m, t1 * MR), 0, n);
        } else {
            int tiles = (n + NR - 1) / NR;
            int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
            block(part, 0, m, t0 * NR, Math.min(n, t1 * NR));
        }
    }

    /**
     * C[i0:i1, j0:j1] (+)= alpha A B, in blocks of KC along k; for each column strip (its KC x NR block of B
     * stays in L1) the row tiles run down A in place; the last rows (fewer than MR) go through a zero-padded panel.
     */
    private void block(int part, int i0, int i1, int j0, int j1) {
        float[] panel = panels[part], tile = tiles[part];
        int iFull = i0 + (i1 - i0) / MR * MR;
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            boolean store = overwrite && k0 == 0;
            if (iFull < i1) packA(panel, iFull, i1 - iFull, k0, kc);
            for (int ib = i0; ib < i1; ib += MC) {
                int ie = Math.min(ib + MC, iFull);
                boolean last = ib + MC >= i1 && iFull < i1;
                for (int j = j0; j < j1; j += NR) {
                    boolean full = j < nFull;
                    float[] bm = full ? b : tailB;
                    int bp = full ? bOff + k0 * ldb + j : k0 * NR, bs = full ? ldb : NR, cols = Math.min(NR, n - j);
                    for (int i = ib; i < ie; i += MR) {
                        kernel(kc, a, aOff + i * ars + k0 * aks, ars, aks, bm, bp, bs, cOff + i * ldc + j, MR, cols, store, tile);
                    }
                    if (last) kernel(kc, panel, 0, 1, MR, bm, bp, bs, cOff + iFull * ldc + j, i1 - iFull, cols, store, tile);
                }
            }
        }
    }

    /** panel[kk * MR + r] = A[i + r, k0 + kk], rows past the matrix zero. */
    private void packA(float[] panel, int i, int rows, int k0, int kc) {
        final float[] a = this.a;
        java.util.Arrays.fill(panel, 0, kc * MR, 0f);
        for (int r = 0; r < rows; r++) {
            int src = aOff + (i + r) * ars + k0 * aks;
            for (int kk = 0; kk < kc; kk++) panel[kk * MR + r] = a[src + kk * aks];
        }
    }

    /**
     * The 5 x 2L tile of C at co (+)= alpha A B, with A[r, kk] = a[ap + r ars + kk aks] and the kc x 2L block
     * of B at bp, row stride ldb; only rows x cols of the tile are in C.
     */
    private void kernel(int kc, float[] a, int ap, int ars, int aks, float[] b, int bp, int ldb, int co, int rows,
                        int cols, boolean store, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        int p0 = ap, p1 = p0 + ars, p2 = p1 + ars, p3 = p2 + ars, p4 = p3 + ars, q = bp;
        for (int kk = 0; kk < kc; kk++) {
            FloatVector b0 = FloatVector.fromArray(S, b, q);
            FloatVector b1 = FloatVector.fromArray(S, b, q + L);
            q += ldb;
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
            x = FloatVector.broadcast(S, a[p4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            p0 += aks; p1 += aks; p2 += aks; p3 += aks; p4 += aks;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        flush(tile, co, rows, cols, store);
    }

    /**
     * C[co + r ldc + j] (=|+=) alpha tile[r NR + j] for the rows x cols in C. Kept apart from the kernel: a method
     * with too many vector operations outgrows the JIT's inlining budget, and a Vector API call left un-inlined
     * falls back to a slow, allocating path.
     */
    private void flush(float[] tile, int co, int rows, int cols, boolean store) {
        final float[] c = this.c;
        final int ldc = this.ldc;
        final float alpha = this.alpha;
        if (cols == NR) {
            FloatVector av = FloatVector.broadcast(S, alpha);
            for (int r = 0; r < rows; r++) {
                int row = co + r * ldc, t = r * NR;
                FloatVector t0 = FloatVector.fromArray(S, tile, t), t1 = FloatVector.fromArray(S, tile, t + L);
                if (store) {
                    t0.mul(av).intoArray(c, row);
                    t1.mul(av).intoArray(c, row + L);
                } else {
                    t0.fma(av, FloatVector.fromArray(S, c, row)).intoArray(c, row);
                    t1.fma(av, FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = co + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = alpha * tile[r * NR + j];
                c[row + j] = store ? v : c[row + j] + v;
            }
        }
    }
}
