package org.seqlab.backend.cuda;

import static org.seqlab.backend.AttentionShapes.additive;
import static org.seqlab.backend.AttentionShapes.heads;
import static org.seqlab.backend.AttentionShapes.matrices;
import static org.seqlab.backend.AttentionShapes.rows2;
import static org.seqlab.backend.cuda.CudaBackend.THREADS;
import static org.seqlab.backend.cuda.CudaBackend.a;
import static org.seqlab.backend.cuda.CudaBackend.blocks;

import org.seqlab.tensor.Tensor;

/**
 * The attention operations of {@link CudaBackend} (kernels in attention.cu, batched products in gemm.cu), with
 * arguments checked on the host (by CheckedBackend) before anything is launched. Heads are (B, H, T, d),
 * sequences time-major (T, B, W); key lengths are the only host data that travel (one int per batch element).
 */
final class CudaAttention {
    /** Copies ints to the device's id buffer and returns its address (CudaBackend's data-batch transfer). */
    interface IdUpload {
        long upload(int[] src, int off, int rows);
    }

    private final Gpu gpu;
    private final IdUpload ids;

    CudaAttention(Gpu gpu, IdUpload ids) {
        this.gpu = gpu;
        this.ids = ids;
    }

    private void launch(Kernel k, int grid, Object... args) { gpu.launch(k, grid, 1, THREADS, 1, args); }

    void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int n = matrices(c), m = rows2(c), nn = c.cols(), k = transA ? rows2(a) : a.cols();
        int tilesN = (nn + 63) / 64, tilesM = (m + 63) / 64;
        if ((long) n * tilesN > Integer.MAX_VALUE) throw new IllegalArgumentException("batched gemm of " + n + " matrices is too large");
        gpu.launch(Kernel.BATCHED_GEMM, n * tilesN, tilesM, THREADS, 1, m, nn, k, alpha,
                a(a), a.cols(), rows2(a) * a.cols(), transA ? 1 : 0, a(b), b.cols(), rows2(b) * b.cols(), transB ? 1 : 0,
                beta, a(c), m * nn, tilesN);
    }

    void splitHeads(Tensor x, int colFrom, Tensor out) {
        int[] s = heads(x, out);
        launch(Kernel.SPLIT_HEADS, blocks(out.size()), a(x), a(out), s[0], s[1], s[2], s[3], x.cols(), colFrom);
    }

    void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) {
        int[] s = heads(x, in);
        launch(Kernel.MERGE_HEADS, blocks(in.size()), a(in), a(x), s[0], s[1], s[2], s[3], x.cols(), colFrom, accumulate ? 1 : 0);
    }

    void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        int tq = rows2(scores), tk = scores.cols(), groups = matrices(scores);
        if (groups == 0) return;
        int batch = scores.shape().dim(0), perBatch = Math.max(1, groups / batch);
        long lengths = 0L;
        if (keyLengths != null) {
            lengths = ids.upload(keyLengths, 0, batch);
        }
        launch(Kernel.MASKED_SOFTMAX, groups * tq, a(scores), a(probs), lengths, tq, tk, perBatch, scale, causal ? 1 : 0);
    }

    void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        if (probs.size() == 0) return;
        launch(Kernel.MASKED_SOFTMAX_BACKWARD, probs.rows(), a(probs), a(dProbs), a(dScores), probs.cols(), scale);
    }

    void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        int[] d = additive(q, k);
        int warps = THREADS / 32;
        launch(Kernel.ADDITIVE_SCORES, (scores.size() + warps - 1) / warps, a(q), a(k), a(v), a(hidden), a(scores), d[0], d[1], d[2], d[3]);
    }

    void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        int[] d = additive(dq, dk);
        launch(Kernel.ADDITIVE_BACKWARD_QK, blocks(dq.size()), a(hidden), a(v), a(dScores), a(dq), d[0], d[1], d[2], d[3], 0);
        launch(Kernel.ADDITIVE_BACKWARD_QK, blocks(dk.size()), a(hidden), a(v), a(dScores), a(dk), d[0], d[1], d[2], d[3], 1);
        launch(Kernel.ADDITIVE_BACKWARD_V, dScores.size() == 0 ? 0 : d[3], a(hidden), a(dScores), a(dv), dScores.size(), d[3]);
    }
}
