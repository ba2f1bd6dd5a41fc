package org.seqlab.backend.cuda;

import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.Backends;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * The GPU backend: every operation is one or two launches of seqlab's own kernels (src/main/cuda) on the
 * default stream, so they run in order; tensors stay on the device and only host copies, token ids and
 * scalar results (sums, losses) cross the bus. Matrix products use seqlab's tiled float32 kernel (no cuBLAS,
 * so only the driver's libcuda.so.1 is needed). Like the CPU backend, an instance serves one thread at a time;
 * its arguments arrive checked ({@link org.seqlab.backend.CheckedBackend}: {@link Backends} wraps it).
 */
final class CudaBackend implements Backend {
    static final int THREADS = 256;
    private static final int MAX_PARTIALS = 1024;

    private static CudaDevice device;
    private static String failure;

    private final Gpu gpu;
    private final DeviceBuffer partials, result;
    private final CudaAttention attention;
    private DeviceBuffer ids = null, rowLoss = null;
    private int[] hostIds = new int[0];

    CudaBackend(Gpu gpu) {
        this.gpu = gpu;
        this.partials = gpu.alloc((long) MAX_PARTIALS * Double.BYTES);
        this.result = gpu.alloc(Double.BYTES);
        this.attention = new CudaAttention(gpu, this::deviceIds);
    }

    /**
     * A backend on GPU 0; the driver and kernels are set up on the first call. When there is no driver, no
     * device, or the kernels cannot be loaded, throws a {@link BackendException} whose message is the reason
     * ("no NVIDIA driver found (libcuda.so.1 is missing)"), the same on every later call; users should come
     * through {@link Backends}, which phrases it.
     */
    static synchronized CudaBackend open() {
        if (failure != null) throw new BackendException(failure);
        if (device == null) {
            try {
                device = new CudaDevice();
            } catch (LinkageError | RuntimeException e) {
                failure = CudaDevice.reason(e);
                throw new BackendException(failure);
            }
        }
        return new CudaBackend(device);
    }

    @Override public String name() { return "cuda"; }

    @Override public String toString() { return "cuda on " + gpu.describe(); }

    @Override public Tensor alloc(Shape shape) {
        DeviceBuffer b = gpu.alloc((long) shape.size() * Float.BYTES);
        gpu.zero(b, shape.size());
        return new CudaTensor(b, 0, shape);
    }

    /** Host threads do not apply: the GPU does the work. Accepted for interface compatibility. */
    @Override public void setThreads(int n) { }

    @Override public int threads() { return 1; }

    // ---- helpers ----------------------------------------------------------------------------------------

    static CudaTensor t(Tensor x) {
        if (x instanceof CudaTensor c) return c;
        throw new IllegalArgumentException("tensor " + x + " belongs to another backend, not CUDA");
    }

    /** Device address of a tensor, 0 for null (kernels read such an argument only when told to). */
    static long a(Tensor x) { return x == null ? 0L : t(x).address(); }

    /** Copies ids[off, off + rows) to the device (the "data batch" transfer) and returns their address. */
    private long deviceIds(int[] src, int off, int rows) {
        if (rows == 0) return 0L;
        if (ids == null || ids.bytes < (long) rows * Integer.BYTES) {
            ids = gpu.alloc((long) Math.max(rows, 1024) * Integer.BYTES);
            hostIds = new int[Math.max(rows, 1024)];
        }
        System.arraycopy(src, off, hostIds, 0, rows);
        gpu.fromHost(hostIds, rows, ids);
        return ids.address;
    }

    /** Blocks of THREADS threads covering n elements (0 when n is 0: nothing is launched). */
    static int blocks(long n) { return (int) ((n + THREADS - 1) / THREADS); }

    /** A one-dimensional launch of THREADS-thread blocks. */
    private void launch(Kernel k, int grid, Object... args) { gpu.launch(k, grid, 1, THREADS, 1, args); }

    /** Adds count doubles from the given address into {@code result} and reads it. */
    private double finishSum(long from, int count) {
        launch(Kernel.REDUCE_SUM, 1, from, count, result.address);
        return gpu.readDouble(result);
    }

    private static int partialBlocks(int n) { return Math.min(MAX_PARTIALS, blocks(n)); }

    // ---- element-wise and reductions ----------------------------------------------------------------

    @Override public void fill(Tensor x, float v) { launch(Kernel.FILL, blocks(x.size()), a(x), x.size(), v); }

    @Override public void copy(Tensor src, Tensor dst) {
        launch(Kernel.COPY, blocks(src.size()), a(src), a(dst), src.size());
    }

    @Override public void axpy(float alpha, Tensor x, Tensor y) {
        launch(Kernel.AXPY, blocks(x.size()), alpha, a(x), a(y), x.size());
    }

    @Override public void scale(Tensor x, float alpha) { launch(Kernel.SCALE, blocks(x.size()), a(x), x.size(), alpha); }

    @Override public void mul(Tensor x, Tensor y, Tensor out) {
        launch(Kernel.MUL, blocks(x.size()), a(x), a(y), a(out), x.size());
    }

    @Override public void clamp(Tensor x, float lo, float hi) { launch(Kernel.CLAMP, blocks(x.size()), a(x), x.size(), lo, hi); }

    @Override public double sumSquares(Tensor x) { return reduce(x, 1); }

    @Override public double sum(Tensor x) { return reduce(x, 0); }

    private double reduce(Tensor x, int squares) {
        int grid = partialBlocks(x.size());
        launch(Kernel.REDUCE_PARTIALS, grid, a(x), x.size(), squares, partials.address);
        return finishSum(partials.address, grid);
    }

    // ---- matrix products ----------------------------------------------------------------------------

    @Override public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = c.rows(), n = c.cols(), kk = transA ? a.rows() : a.cols();
        gpu.launch(Kernel.GEMM, (n + 63) / 64, (m + 63) / 64, THREADS, 1,
                m, n, kk, alpha, a(a), a.cols(), transA ? 1 : 0, a(b), b.cols(), transB ? 1 : 0, beta, a(c), n);
    }

    @Override public void transpose(Tensor x, Tensor out) {
        int m = x.rows(), n = x.cols();
        gpu.launch(Kernel.TRANSPOSE, (n + 31) / 32, (m + 31) / 32, 32, 8, a(x), a(out), m, n);
    }

    @Override public void addRowVector(Tensor x, Tensor bias) {
        int n = x.cols();
        launch(Kernel.ADD_ROW_VECTOR, blocks(x.size()), a(x), a(bias), x.rows(), n);
    }

    @Override public void sumRows(Tensor x, Tensor out, boolean accumulate) {
        int n = x.cols();
        gpu.launch(Kernel.SUM_ROWS, (n + 31) / 32, 1, 32, 8, a(x), a(out), x.rows(), n, accumulate ? 1 : 0);
    }

    @Override public void concatCols(Tensor x, Tensor y, Tensor out) {
        int na = x.cols(), nb = y.cols(), rows = out.rows();
        launch(Kernel.CONCAT_COLS, blocks(out.size()), a(x), a(y), a(out), rows, na, nb);
    }

    @Override public void splitCols(Tensor in, Tensor x, Tensor y, boolean accumulate) {
        int na = x.cols(), nb = y.cols(), rows = in.rows();
        launch(Kernel.SPLIT_COLS, blocks(in.size()), a(in), a(x), a(y), rows, na, nb, accumulate ? 1 : 0);
    }

    // ---- activations and cells ---------------------------------------------------------------------

    /** The codes of common.cuh. */
    private static int code(Activation f) {
        return switch (f) {
            case NONE -> 0;
            case TANH -> 1;
            case RELU -> 2;
            case SIGMOID -> 3;
            case GELU -> 4;
        };
    }

    @Override public void activation(Activation f, Tensor x, Tensor y) {
        launch(Kernel.ACTIVATION, blocks(x.size()), code(f), a(x), a(y), x.size());
    }

    @Override public void activationBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx, boolean accumulate) {
        launch(Kernel.ACTIVATION_BACKWARD, blocks(dy.size()), code(f), a(x), a(y), a(dy), a(dx), dy.size(), accumulate ? 1 : 0);
    }

    @Override public void lstmCell(Tensor gates, Tensor cPrev, Tensor c, Tensor h) {
        int hid = h.cols(), rows = h.rows();
        launch(Kernel.LSTM_FORWARD, blocks(h.size()), a(gates), a(cPrev), a(c), a(h), rows, hid);
    }

    @Override public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates) {
        int hid = dh.cols(), rows = dh.rows();
        launch(Kernel.LSTM_BACKWARD, blocks(dh.size()), a(gates), a(cPrev), a(c), a(dh), a(dc), a(dGates), rows, hid);
    }

    @Override public void gruCell(Tensor xg, Tensor hg, Tensor hPrev, Tensor h) {
        int hid = h.cols(), rows = h.rows();
        launch(Kernel.GRU_FORWARD, blocks(h.size()), a(xg), a(hg), a(hPrev), a(h), rows, hid);
    }

    @Override public void gruCellBackward(Tensor xg, Tensor hg, Tensor hPrev, Tensor dh, Tensor dxg, Tensor dhg, Tensor dhPrev) {
        int hid = dh.cols(), rows = dh.rows();
        launch(Kernel.GRU_BACKWARD, blocks(dh.size()), a(xg), a(hg), a(hPrev), a(dh), a(dxg), a(dhg), a(dhPrev), rows, hid);
    }

    // ---- embeddings: ids travel with the launch (checked on the host by CheckedBackend) -----------------

    @Override public void gather(Tensor table, int[] ids, int off, Tensor out) {
        int n = out.cols(), rows = out.rows();
        launch(Kernel.GATHER, blocks(out.size()), a(table), deviceIds(ids, off, rows), a(out), rows, n);
    }

    @Override public void scatterAdd(Tensor dOut, int[] ids, int off, Tensor dTable) {
        int n = dOut.cols(), rows = dOut.rows();
        launch(Kernel.SCATTER_ADD, blocks(dOut.size()), a(dOut), deviceIds(ids, off, rows), a(dTable), rows, n);
    }

    @Override public void oneHot(int[] ids, int off, Tensor out) {
        int n = out.cols(), rows = out.rows();
        launch(Kernel.ONE_HOT, blocks(out.size()), deviceIds(ids, off, rows), a(out), rows, n);
    }

    // ---- losses ---------------------------------------------------------------------------------------

    @Override public double softmaxCrossEntropy(Tensor logits, int[] targets, int off, int ignoreIndex, float gradScale,
                                                Tensor probs, Tensor dLogits) {
        int rows = logits.rows(), v = logits.cols();
        if (rows == 0) return 0;
        if (rowLoss == null || rowLoss.bytes < (long) rows * Double.BYTES) rowLoss = gpu.alloc((long) Math.max(rows, 1024) * Double.BYTES);
        launch(Kernel.SOFTMAX_XENT, rows, a(logits), deviceIds(targets, off, rows), ignoreIndex, gradScale,
                a(probs), a(dLogits), rowLoss.address, rows, v);
        return finishSum(rowLoss.address, rows);
    }

    @Override public double mse(Tensor pred, Tensor target, float gradScale, Tensor dPred) {
        int grid = partialBlocks(pred.size());
        launch(Kernel.MSE, grid, a(pred), a(target), gradScale, a(dPred), pred.size(), partials.address);
        return finishSum(partials.address, grid);
    }

    @Override public double bceWithLogits(Tensor logits, Tensor target, float gradScale, Tensor probs, Tensor dLogits) {
        int grid = partialBlocks(logits.size());
        launch(Kernel.BCE_LOGITS, grid, a(logits), a(target), gradScale, a(probs), a(dLogits), logits.size(), partials.address);
        return finishSum(partials.address, grid);
    }

    // ---- normalisation and dropout ------------------------------------------------------------------

    @Override public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        int rows = x.rows(), n = x.cols();
        launch(Kernel.LAYERNORM, rows, a(x), a(gamma), a(beta), eps, a(y), a(mean), a(rstd), rows, n);
    }

    @Override public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                            Tensor dx, Tensor dGamma, Tensor dBeta) {
        int rows = x.rows(), n = x.cols();
        launch(Kernel.LAYERNORM_BACKWARD_DX, rows, a(dy), a(x), a(gamma), a(mean), a(rstd), a(dx), rows, n);
        launch(Kernel.LAYERNORM_BACKWARD_PARAMS, blocks(n), a(dy), a(x), a(mean), a(rstd), a(dGamma), a(dBeta), rows, n);
    }

    @Override public void dropoutMask(Tensor mask, float p, long seed) {
        float keep = p >= 1 ? 0f : 1f / (1 - p);
        launch(Kernel.DROPOUT_MASK, blocks(mask.size()), a(mask), mask.size(), p, keep, seed);
    }

    // ---- optimizer updates ------------------------------------------------------------------------------

    @Override public void sgdStep(Tensor p, Tensor g, Tensor buf, float lr, float momentum, float dampening,
                                  float weightDecay, boolean nesterov, boolean firstStep) {
        launch(Kernel.SGD, blocks(p.size()), a(p), a(g), a(buf), p.size(), lr, momentum, dampening, weightDecay,
                nesterov ? 1 : 0, firstStep ? 1 : 0);
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                                   float weightDecay, boolean decoupled, int step) {
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = 1 - lr * weightDecay;
        launch(Kernel.ADAM, blocks(p.size()), a(p), a(g), a(m), a(v), p.size(), stepSize, bc2Sqrt, beta1, beta2, eps,
                weightDecay, decay, decoupled ? 1 : 0);
    }

    @Override public void rmspropStep(Tensor p, Tensor g, Tensor sq, Tensor buf, float lr, float alpha, float eps,
                                      float weightDecay, float momentum) {
        launch(Kernel.RMSPROP, blocks(p.size()), a(p), a(g), a(sq), a(buf), p.size(), lr, alpha, eps, weightDecay, momentum);
    }

    // ---- attention: kernels in attention.cu and gemm.cu, launched by CudaAttention -------------------

    @Override public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        attention.batchedGemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override public void splitHeads(Tensor x, int colFrom, Tensor out) { attention.splitHeads(x, colFrom, out); }

    @Override public void mergeHeads(Tensor in, Tensor x, int colFrom, boolean accumulate) { attention.mergeHeads(in, x, colFrom, accumulate); }

    @Override public void maskedSoftmax(Tensor scores, float scale, boolean causal, int[] keyLengths, Tensor probs) {
        attention.maskedSoftmax(scores, scale, causal, keyLengths, probs);
    }

    @Override public void maskedSoftmaxBackward(Tensor probs, Tensor dProbs, float scale, Tensor dScores) {
        attention.maskedSoftmaxBackward(probs, dProbs, scale, dScores);
    }

    @Override public void additiveScores(Tensor q, Tensor k, Tensor v, Tensor hidden, Tensor scores) {
        attention.additiveScores(q, k, v, hidden, scores);
    }

    @Override public void additiveScoresBackward(Tensor hidden, Tensor v, Tensor dScores, Tensor dq, Tensor dk, Tensor dv) {
        attention.additiveScoresBackward(hidden, v, dScores, dq, dk, dv);
    }
}
