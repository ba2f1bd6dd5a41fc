package org.seqlab.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked matrix product on the JDK Vector API, laid out as GotoBLAS does. The micro-kernel keeps an
 * 8-row x 2-vector tile of C in registers (16 accumulators: 8 x 32 floats with AVX-512, which has 32 registers)
 * and per k broadcasts 8 elements of A and loads one 2-vector row of B; a last tile of at most 4 rows takes a
 * 4-row kernel. On this project's AVX-512 machine (AMD Zen 4) 8 rows made the large products 5-15% faster than 4,
 * and the 50-row recurrent products twice as fast with the column chunks below. (With AVX2's 16 registers a 5-row
 * tile once spilled in half the runs, depending on C2's profile when it compiled.)
 * Both operands are first packed, zero-padded, into contiguous panels: per k block of depth KC, B's columns as
 * strips (kk, 2L) and, per block of MC rows, A as panels (kk, MR). The kernel so always reads a[ap + MR kk + r]
 * and b[bp + 2L kk + j]: affine in kk with constant strides, which HotSpot needs to hoist the range checks out of
 * the loop (with the strides of A and B as variables, every load kept its own check, about a third of the loop's
 * instructions). Transposes cost nothing: only the packing's reads change. A row-major A may instead be read in
 * place ({@link #kernelRows}): its row offsets are invariant and its step along k is 1.
 * beta = 0 is a store on the first k block (C is not read). Work is split over threads by rows or by columns,
 * whichever has more tiles, in chunks the threads take in turn, one k block at a time; small products run on the
 * caller alone. Column chunks are at most NC_MAX wide, so a chunk's packed B stays in L2 while the rows pass over it
 * (packing all 2048 columns of a recurrent weight first, then reading them back from L3, halved that product's speed).
 */
final class VectorGemm implements Gemm, WorkerPool.Task {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;
    /** Rows of a tile: 8 with 32 vector registers (AVX-512); 4 where 16 accumulators would not fit (AVX2). */
    private static final int MR = L >= 16 ? 8 : 4;
    /** Rows of the narrower kernel that takes a last tile of at most this many rows. */
    private static final int MR_TAIL = Math.min(4, MR);
    /**
     * Greatest depth of a k block (k is cut into equal blocks of at most this; see kBlock). Deep blocks read and write
     * C less often: 512 made the 2048-row products of the 384-wide GPT and the 512-wide LSTM 5-10% faster than 256,
     * though a B strip (KC x NR) then no longer fits L1 (the prefetcher streams it from L2). Products of few rows
     * (the recurrent steps, 50 rows) were 5-10% slower with it: they take KC_FEW_ROWS.
     */
    private static final int KC = 512;
    /** Greatest depth of a k block for products of fewer than FEW_ROWS rows. */
    private static final int KC_FEW_ROWS = 256;
    private static final int FEW_ROWS = 64;
    /** Rows of A per block: its packed MC x KC panels stay in L2 while the column strips pass over them. */
    private static final int MC = 5 * MR;
    /** Columns of a chunk in a product split by columns: its packed B (KC x this) stays in L2. */
    private static final int NC_MAX = 256;
    /**
     * Below this many multiply-adds a product runs on the calling thread alone. The recurrent step's products
     * (50 x 128 x 128 for the RNN bench, 50 x 512 x 128 for the LSTM) are above it: split over two threads they
     * made the benches 5-20% faster than on one, the workers' spin-wait catching each step's task.
     */
    private static final long PARALLEL_MIN = 1L << 19;
    /**
     * From this many elements of a B block (kc x n) the threads of a product split by rows pack B together, each a
     * share of the strips, instead of each packing all of it: one more hand-off, half the packing (it was 7% of
     * a GPT step). Smaller B blocks (the RNN's recurrent weights) are packed by each thread, without the wait.
     */
    private static final long SHARED_PACK_MIN = 1 << 15;
    /** Chunks per thread a split product aims at: enough to even out a late or slow thread, few enough to pack little. */
    private static final int CHUNKS_PER_PART = 2;
    /**
     * Up to this many columns a row-major A is read in place ({@link #kernelRows}) rather than packed. Packing costs
     * per element of A, which is used once per column: with 128 columns (the GPT's MLP down-projection, the input
     * gradients) reading in place made the product 10-20% faster; with 512 (its up-projection) the packed kernel
     * stayed about 10% faster, the in-place loop's four row streams costing more than packing saves.
     */
    private static final int IN_PLACE_MAX_COLUMNS = 256;

    private final Parallel par;
    /** Per part: packed A panels (MC x KC), packed B strips (KC x a chunk's columns), a scratch tile (MR x NR). */
    private float[][] packedA = new float[0][], packedB, tiles;

    // The product being computed, read by every part (set by gemm before the pool runs).
    private int m, n, k, ars, aks, brs, bcs, aOff, bOff, cOff, ldc;
    private float alpha;
    private boolean overwrite;
    /** The triangle of a causal product (see gemmCausal): which part is skipped, and the diagonal's offset. */
    private Triangle triangle = Triangle.NONE;
    private int diag;
    private float[] a, b, c;
    private boolean splitRows;
    // The depth of the k blocks, the k block being computed (split by rows), and the chunks of rows or columns (see run).
    private int kBlock, k0, kc, chunk, chunks;
    private final AtomicInteger nextChunk = new AtomicInteger();
    /** Whether the threads pack B together into sharedB (a product split by rows with a large B), or each its own. */
    private boolean sharedPack;
    private float[] sharedB = new float[0];
    private final WorkerPool.Task packTask = this::packShare;

    /** A product split over par's threads. */
    VectorGemm(Parallel par) { this.par = par; }

    /** A product on the calling thread alone. */
    VectorGemm() { this(new Parallel(1)); }

    /** Which operand of a causal attention product is triangular, so its zero half can be skipped. */
    private enum Triangle {
        /** A full product. */
        NONE,
        /** C's entries (i, j) with j > i + diag are not needed: tiles wholly above that diagonal are skipped. */
        RESULT,
        /** op(A) = A, zero past column i + diag in row i: each row tile stops its k loop there. */
        LEFT,
        /** op(A) = A^T of such an A, zero before column i - diag in row i: each row tile starts its k loop there. */
        LEFT_TRANSPOSED
    }

    /**
     * A product of causal attention, whose (Tq, Tk) matrix is lower triangular with the diagonal at offset
     * diag = Tk - Tq (entry (i, j) is masked when j > i + diag): with transB it is C (q k^T, dO v^T; the masked
     * entries are not computed and keep whatever they held, up to the edge of an MR x 2L tile that crosses the
     * diagonal, where they get the product), otherwise op(A)'s (i, j) is that matrix's (i, j) or, transA, its
     * (j, i), and its masked entries must be zero (p v, dS k, p^T dO, dS^T q). About half the multiply-adds.
     */
    void gemmCausal(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int diag) {
        triangle = transB ? Triangle.RESULT : transA ? Triangle.LEFT_TRANSPOSED : Triangle.LEFT;
        this.diag = diag;
        try {
            gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } finally {
            triangle = Triangle.NONE;
        }
    }

    private void buffers(int threads) {
        if (packedA.length == threads) return;
        packedA = new float[threads][MC * KC];
        packedB = new float[threads][0];
        tiles = new float[threads][MR * NR];
    }

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
        this.m = m; this.n = n; this.k = k; this.alpha = alpha; this.overwrite = beta == 0;
        this.a = a; this.aOff = aOff; this.ars = transA ? 1 : lda; this.aks = transA ? lda : 1;
        this.b = b; this.bOff = bOff; this.brs = transB ? 1 : ldb; this.bcs = transB ? ldb : 1;
        this.c = c; this.cOff = cOff; this.ldc = ldc;
        int colTiles = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
        splitRows = rowTiles >= colTiles;
        int threads = par.threads();
        buffers(threads);
        int parts = (long) m * n * k < PARALLEL_MIN ? 1 : Math.min(threads, Math.max(colTiles, rowTiles));
        // About CHUNKS_PER_PART chunks per thread, at most MC rows (A panels stay in L2): few enough that a
        // transposed A, packed again per column chunk, is not packed much more often than once per thread.
        int tilesPerChunk = (int) Math.ceil((double) (splitRows ? rowTiles : colTiles) / (CHUNKS_PER_PART * parts));
        chunk = parts == 1 ? (splitRows ? m : Math.min(n, NC_MAX))
                : splitRows ? MR * Math.min(tilesPerChunk, MC / MR) : NR * Math.min(tilesPerChunk, NC_MAX / NR);
        chunks = ((splitRows ? m : n) + chunk - 1) / chunk;
        sharedPack = splitRows && parts > 1 && (long) Math.min(KC, k) * n >= SHARED_PACK_MIN;
        if (sharedPack && sharedB.length < (n + NR - 1) / NR * NR * KC) sharedB = new float[(n + NR - 1) / NR * NR * KC];
        kBlock = kBlock(m, k);
        if (!splitRows) {
            // Column chunks own their columns of C over all of k: one hand-off for the whole product.
            nextChunk.set(0);
            par.pool().run(this, parts);
        } else {
            for (k0 = 0; k0 < k; k0 += kBlock) {
                kc = Math.min(kBlock, k - k0);
                if (sharedPack) par.pool().run(packTask, parts);
                nextChunk.set(0);
                par.pool().run(this, parts);
            }
        }
        this.a = null; this.b = null; this.c = null;
    }

    /**
     * The depth of the k blocks of an m-row product: k cut into as few blocks of at most KC (KC_FEW_ROWS) as it takes,
     * of equal depth, a multiple of 8. It depends on the shape alone, so each element is summed the same way whatever
     * the number of threads.
     */
    static int kBlock(int m, int k) {
        int most = m < FEW_ROWS ? KC_FEW_ROWS : KC;
        int blocks = (k + most - 1) / most;
        return Math.min(most, ((k + blocks - 1) / blocks + 7) / 8 * 8);
    }

    /**
     * One thread's share: split by rows, chunks of rows of the current k block; split by columns, chunks of columns
     * over every k block in turn. Chunks are taken in turn from a shared counter, so a thread that started late or
     * runs slower takes fewer. Each C tile is still summed by one thread, k blocks in order, so the bits do not
     * depend on who took what.
     */
    @Override public void run(int part, int parts) {
        if (splitRows) {
            boolean store = overwrite && k0 == 0;
            float[] pb = sharedPack ? sharedB : packedB(part, n);
            if (!sharedPack) packB(pb, 0, k0, kc, 0, n);
            for (int ch; (ch = nextChunk.getAndIncrement()) < chunks; ) {
                int i0 = ch * chunk;
                rows(part, i0, Math.min(m, i0 + chunk), 0, n, pb, k0, kc, store);
            }
        } else {
            for (int ch; (ch = nextChunk.getAndIncrement()) < chunks; ) {
                int j0 = ch * chunk, j1 = Math.min(n, j0 + chunk);
                float[] pb = packedB(part, j1 - j0);
                for (int kb = 0; kb < k; kb += kBlock) {
                    int kcb = Math.min(kBlock, k - kb);
                    packB(pb, 0, kb, kcb, j0, j1);
                    rows(part, 0, m, j0, j1, pb, kb, kcb, overwrite && kb == 0);
                }
            }
        }
    }

    private float[] packedB(int part, int cols) {
        int size = (cols + NR - 1) / NR * NR * KC;
        if (packedB[part].length < size) packedB[part] = new float[size];
        return packedB[part];
    }

    /**
     * C[i0:i1, j0:j1] (+)= alpha A B over the current k block, B's columns j0:j1 packed in pb: per MC rows the A
     * panels are packed (or read in place), and each column strip (in L1) meets every row tile of the block.
     */
    private void rows(int part, int i0, int i1, int j0, int j1, float[] pb, int k0, int kc, boolean store) {
        float[] pa = packedA[part], tile = tiles[part];
        int strips = (j1 - j0 + NR - 1) / NR;
        for (int ib = i0; ib < i1; ib += MC) {
            int ie = Math.min(ib + MC, i1);
            // A row-major and few columns: full row tiles are read in place, only a partial last tile is packed.
            int direct = aks == 1 && j1 - j0 <= IN_PLACE_MAX_COLUMNS ? ib + (ie - ib) / MR * MR : ib;
            packA(pa, k0, kc, direct, ie);
            for (int s = 0; s < strips; s++) {
                int j = j0 + s * NR, cols = Math.min(NR, j1 - j);
                for (int i = ib; i < ie; i += MR) {
                    int rowsHere = Math.min(MR, ie - i), from = 0, to = kc;
                    if (triangle != Triangle.NONE) {
                        if (triangle == Triangle.RESULT && j > i + rowsHere - 1 + diag) continue;
                        if (triangle == Triangle.LEFT) to = Math.max(0, Math.min(kc, i + rowsHere + diag - k0));
                        if (triangle == Triangle.LEFT_TRANSPOSED) from = Math.max(0, Math.min(kc, i - diag - k0));
                    }
                    int bp = s * NR * kc + from * NR, ai = aOff + i * ars + k0 + from;
                    if (i < direct && MR == 8) kernelRows(to - from, a, ai, ars, pb, bp, tile);
                    else if (i < direct) kernelRows4(to - from, a, ai, ars, pb, bp, tile);
                    else if (rowsHere > MR_TAIL) kernel(to - from, pa, (i - direct) * kc + from * MR, pb, bp, tile);
                    else kernelTail(to - from, pa, (i - direct) * kc + from * MR_TAIL, pb, bp, tile);
                    flush(tile, cOff + i * ldc + j, rowsHere, cols, store);
                }
            }
        }
    }

    /** The shared B of a product split by rows: each part packs its share of the strips, before any computes. */
    private void packShare(int part, int parts) {
        int strips = (n + NR - 1) / NR, s0 = strips * part / parts, s1 = strips * (part + 1) / parts;
        if (s0 < s1) packB(sharedB, s0 * NR * kc, k0, kc, s0 * NR, Math.min(n, s1 * NR));
    }

    /** pb[base + s NR kc + kk NR + jj] = B[k0 + kk, j0 + s NR + jj] for each strip s, columns past j1 zero. */
    private void packB(float[] pb, int base, int k0, int kc, int j0, int j1) {
        final float[] b = this.b;
        final int brs = this.brs, bcs = this.bcs;
        if (bcs != 1 && brs == 1) {
            // B^T row-major (transB): each column of B is contiguous along k; read it so, and write it down the strip
            // at the constant stride NR, which lets HotSpot take the range checks out of the loop (the other way round,
            // reading at the stride ldb, kept them in: 2-6% slower forward products and recurrent steps).
            for (int j = j0, s = 0; j < j1; j += NR, s++) {
                int w = Math.min(NR, j1 - j), dst = base + s * NR * kc;
                for (int jj = 0; jj < w; jj++) {
                    int src = bOff + k0 + (j + jj) * bcs, d = dst + jj;
                    for (int kk = 0; kk < kc; kk++) pb[d + kk * NR] = b[src + kk];
                }
                for (int jj = w; jj < NR; jj++) for (int kk = 0; kk < kc; kk++) pb[dst + jj + kk * NR] = 0f;
            }
            return;
        }
        for (int j = j0, s = 0; j < j1; j += NR, s++) {
            int w = Math.min(NR, j1 - j), dst = base + s * NR * kc;
            for (int kk = 0; kk < kc; kk++, dst += NR) {
                int src = bOff + (k0 + kk) * brs + j * bcs;
                if (bcs == 1 && w == NR) {
                    FloatVector.fromArray(S, b, src).intoArray(pb, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
                } else if (bcs == 1) System.arraycopy(b, src, pb, dst, w);
                else for (int jj = 0; jj < w; jj++) pb[dst + jj] = b[src + jj * bcs];
                if (w < NR) java.util.Arrays.fill(pb, dst + w, dst + NR, 0f);
            }
        }
    }

    /**
     * pa[t kc MR + kk mr + r] = A[ib + t MR + r, k0 + kk] for each row tile t of [ib, ie), rows past ie zero; mr is MR,
     * or MR_TAIL for a last tile of at most MR_TAIL rows (read by kernelTail).
     */
    private void packA(float[] pa, int k0, int kc, int ib, int ie) {
        final float[] a = this.a;
        final int ars = this.ars, aks = this.aks;
        for (int i = ib, t = 0; i < ie; i += MR, t++) {
            int rows = Math.min(MR, ie - i), base = t * kc * MR, mr = rows > MR_TAIL ? MR : MR_TAIL;
            if (rows < mr) java.util.Arrays.fill(pa, base, base + kc * mr, 0f);
            if (ars == 1 && rows == MR && MR == 8) {
                // A transposed (a weight gradient's dY^T): the tile's rows are adjacent in memory, read them together.
                for (int kk = 0, src = aOff + k0 * aks + i, dst = base; kk < kc; kk++, src += aks, dst += MR) {
                    pa[dst] = a[src];
                    pa[dst + 1] = a[src + 1];
                    pa[dst + 2] = a[src + 2];
                    pa[dst + 3] = a[src + 3];
                    pa[dst + 4] = a[src + 4];
                    pa[dst + 5] = a[src + 5];
                    pa[dst + 6] = a[src + 6];
                    pa[dst + 7] = a[src + 7];
                }
                continue;
            }
            if (aks == 1 && rows == MR && MR == 8) {
                // A row-major: read MR rows along k together, each contiguous.
                int s0 = aOff + i * ars + k0;
                for (int kk = 0, dst = base; kk < kc; kk++, dst += MR) {
                    int src = s0 + kk;
                    pa[dst] = a[src];
                    pa[dst + 1] = a[src + ars];
                    pa[dst + 2] = a[src + 2 * ars];
                    pa[dst + 3] = a[src + 3 * ars];
                    pa[dst + 4] = a[src + 4 * ars];
                    pa[dst + 5] = a[src + 5 * ars];
                    pa[dst + 6] = a[src + 6 * ars];
                    pa[dst + 7] = a[src + 7 * ars];
                }
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int src = aOff + (i + r) * ars + k0 * aks, dst = base + r;
                for (int kk = 0; kk < kc; kk++) pa[dst + kk * mr] = a[src + kk * aks];
            }
        }
    }

    /**
     * tile (MR x NR) = A B for one packed A panel at ap (kc x MR) and one packed B strip at bp (kc x NR): 16
     * accumulators (8 rows x 2 vectors; AVX-512 has 32 registers, AVX2 16, where C2 spills some, still faster than 4
     * rows was measured on AVX-512 only). Only the loop lives here, with no branch and no inlined callee: a trap in
     * inlined code (flush meeting a new shape of C) recompiled the whole method, and HotSpot then dropped loop
     * predication for it, leaving a range check in every iteration; that once made whole runs half as fast.
     */
    private static void kernel(int kc, float[] a, int ap, float[] b, int bp, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int kk = 0; kk < kc; kk++) {
            int q = bp + kk * NR; int p = ap + kk * 8;
            FloatVector b0 = FloatVector.fromArray(S, b, q);
            FloatVector b1 = FloatVector.fromArray(S, b, q + L);
            FloatVector x = FloatVector.broadcast(S, a[p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[p + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[p + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[p + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[p + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[p + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[p + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[p + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR); c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR); c71.intoArray(tile, 7 * NR + L);
    }

    /** {@link #kernel} for a last tile of at most MR_TAIL rows, packed kc x MR_TAIL (rows past the matrix zero). */
    private static void kernelTail(int kc, float[] a, int ap, float[] b, int bp, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int kk = 0; kk < kc; kk++) {
            int q = bp + kk * NR; int p = ap + kk * 4;
            FloatVector b0 = FloatVector.fromArray(S, b, q);
            FloatVector b1 = FloatVector.fromArray(S, b, q + L);
            FloatVector x = FloatVector.broadcast(S, a[p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[p + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[p + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[p + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * {@link #kernel} reading A in place: its MR rows start at ap + r lda, each contiguous along k. The offsets are
     * invariant and the step along k is 1, so HotSpot still hoists every range check out of the loop; this spares
     * packing A for the forward products and the input gradients, where A is row-major.
     */
    private static void kernelRows(int kc, float[] a, int ap, int lda, float[] b, int bp, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a1 = ap + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda;
        int a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int kk = 0; kk < kc; kk++) {
            int q = bp + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, q);
            FloatVector b1 = FloatVector.fromArray(S, b, q + L);
            FloatVector x = FloatVector.broadcast(S, a[ap + kk]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + kk]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + kk]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR); c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR); c71.intoArray(tile, 7 * NR + L);
    }

    /** {@link #kernelRows} for 4-row tiles (AVX2). */
    private static void kernelRows4(int kc, float[] a, int ap, int lda, float[] b, int bp, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = ap + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int kk = 0; kk < kc; kk++) {
            int q = bp + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, q);
            FloatVector b1 = FloatVector.fromArray(S, b, q + L);
            FloatVector x = FloatVector.broadcast(S, a[ap + kk]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * C[co + r ldc + j] (=|+=) alpha tile[r NR + j] for the rows x cols in C. Called by rows, not by the kernel:
     * its traps (a new shape of C) must not recompile the kernel's loop.
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
