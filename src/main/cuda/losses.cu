// Losses and layer normalisation. Row kernels run one 256-thread block per row; sums are kept in double
// in the same places as backend/cpu/Losses, so the results match the CPU to float rounding.
#include "common.cuh"

// Row r of logits x (rows, v): p = softmax; rowLoss[r] = -log p[target] (0 if ignored);
// d (may be null) = gradScale (p - onehot(target)), zero rows where the target is ignored.
extern "C" __global__ void softmax_xent_f32(const float* x, const int* targets, int ignore, float gradScale,
                                            float* p, float* d, double* rowLoss, int rows, int v) {
    __shared__ double sharedD[33];
    __shared__ float sharedF[33];
    int r = blockIdx.x;
    const float* xr = x + (long) r * v;
    float* pr = p + (long) r * v;
    float m = -INFINITY;
    for (int j = threadIdx.x; j < v; j += blockDim.x) m = fmaxf(m, xr[j]);
    m = blockMaxF(m, sharedF);
    double s = 0.0;
    for (int j = threadIdx.x; j < v; j += blockDim.x) {
        float e = expf(xr[j] - m);
        pr[j] = e;
        s += e;
    }
    s = blockSumD(s, sharedD);
    float inv = (float) (1.0 / s);
    int target = targets[r];
    bool ignored = target == ignore;
    for (int j = threadIdx.x; j < v; j += blockDim.x) {
        float pj = pr[j] * inv;
        pr[j] = pj;
        if (d != nullptr) {
            float g = gradScale * pj;
            if (j == target) g -= gradScale;
            d[(long) r * v + j] = ignored ? 0.0f : g;
        }
    }
    if (threadIdx.x == 0) rowLoss[r] = ignored ? 0.0 : -((double) (xr[target] - m) - log(s));
}

// Sum of (a - b)^2 into per-block partials; d (may be null) = gradScale 2 (a - b).
extern "C" __global__ void mse_f32(const float* a, const float* b, float gradScale, float* d, int n, double* partials) {
    __shared__ double shared[33];
    double s = 0.0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        float diff = a[i] - b[i];
        s += (double) diff * diff;
        if (d != nullptr) d[i] = gradScale * 2.0f * diff;
    }
    s = blockSumD(s, shared);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// Binary cross-entropy on logits x against y, stable form, into per-block partials;
// p = sigmoid(x); d (may be null) = gradScale (p - y).
extern "C" __global__ void bce_logits_f32(const float* x, const float* y, float gradScale, float* p, float* d, int n,
                                          double* partials) {
    __shared__ double shared[33];
    double s = 0.0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        float xv = x[i], yv = y[i];
        s += (double) (fmaxf(xv, 0.0f) - xv * yv) + log1p(exp(-fabs((double) xv)));
        float pr = (float) (1.0 / (1.0 + exp(-(double) xv)));
        p[i] = pr;
        if (d != nullptr) d[i] = gradScale * (pr - yv);
    }
    s = blockSumD(s, shared);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// y = (x - mean) rstd gamma + beta over each row of x (rows, n); mean and rstd (rows) saved for backward.
extern "C" __global__ void layernorm_f32(const float* x, const float* gamma, const float* beta, float eps, float* y,
                                         float* mean, float* rstd, int rows, int n) {
    __shared__ double shared[33];
    int r = blockIdx.x;
    const float* xr = x + (long) r * n;
    double s = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) s += xr[j];
    s = blockSumD(s, shared);
    float mu = (float) (s / n);
    double var = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) { double dv = xr[j] - mu; var += dv * dv; }
    var = blockSumD(var, shared);
    float rs = (float) (1.0 / sqrt(var / n + (double) eps));
    if (threadIdx.x == 0) { mean[r] = mu; rstd[r] = rs; }
    for (int j = threadIdx.x; j < n; j += blockDim.x) y[(long) r * n + j] = (xr[j] - mu) * rs * gamma[j] + beta[j];
}

// dx (overwritten) for one row per block: rstd (dh - mean(dh) - xhat mean(dh xhat)), dh = dy gamma.
extern "C" __global__ void layernorm_backward_dx_f32(const float* dy, const float* x, const float* gamma,
                                                     const float* mean, const float* rstd, float* dx, int rows, int n) {
    __shared__ double shared[33];
    int r = blockIdx.x;
    long base = (long) r * n;
    float mu = mean[r], rs = rstd[r];
    double sumDh = 0.0, sumDhX = 0.0;
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        float xh = (x[base + j] - mu) * rs;
        float dh = dy[base + j] * gamma[j];
        sumDh += dh;
        sumDhX += dh * xh;
    }
    sumDh = blockSumD(sumDh, shared);
    sumDhX = blockSumD(sumDhX, shared);
    float m1 = (float) (sumDh / n), m2 = (float) (sumDhX / n);
    for (int j = threadIdx.x; j < n; j += blockDim.x) {
        float xh = (x[base + j] - mu) * rs;
        float dh = dy[base + j] * gamma[j];
        dx[base + j] = rs * (dh - m1 - xh * m2);
    }
}

// dGamma[j] += sum over rows of dy xhat, dBeta[j] += sum of dy: one thread per column.
extern "C" __global__ void layernorm_backward_params_f32(const float* dy, const float* x, const float* mean,
                                                         const float* rstd, float* dGamma, float* dBeta, int rows, int n) {
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= n) return;
    float g = 0.0f, b = 0.0f;
    for (int r = 0; r < rows; r++) {
        long at = (long) r * n + j;
        float xh = (x[at] - mean[r]) * rstd[r];
        g += dy[at] * xh;
        b += dy[at];
    }
    dGamma[j] += g;
    dBeta[j] += b;
}
