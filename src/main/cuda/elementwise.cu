// Element-wise operations, row-vector broadcasts, column copies and activations.
// Flat kernels take n elements and are launched with ceil(n / 256) blocks of 256 threads.
#include "common.cuh"

#define FLAT_INDEX(i, n) int i = blockIdx.x * blockDim.x + threadIdx.x; if (i >= (n)) return

extern "C" __global__ void fill_f32(float* x, int n, float v) { FLAT_INDEX(i, n); x[i] = v; }

extern "C" __global__ void copy_f32(const float* src, float* dst, int n) { FLAT_INDEX(i, n); dst[i] = src[i]; }

// y += alpha x; x may alias y.
extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, int n) { FLAT_INDEX(i, n); y[i] += alpha * x[i]; }

extern "C" __global__ void scale_f32(float* x, int n, float alpha) { FLAT_INDEX(i, n); x[i] *= alpha; }

// out = a * b; out may alias a or b.
extern "C" __global__ void mul_f32(const float* a, const float* b, float* out, int n) { FLAT_INDEX(i, n); out[i] = a[i] * b[i]; }

// x = min(max(x, lo), hi) with Java's rule that NaN stays NaN.
extern "C" __global__ void clamp_f32(float* x, int n, float lo, float hi) {
    FLAT_INDEX(i, n);
    float v = x[i];
    if (v != v) return;
    v = v < lo ? lo : v;
    x[i] = v > hi ? hi : v;
}

// x (rows, cols) += bias (cols) on every row.
extern "C" __global__ void add_row_vector_f32(float* x, const float* bias, int rows, int cols) {
    FLAT_INDEX(i, rows * cols);
    x[i] += bias[i % cols];
}

// out[c] (+)= sum over r of x[r, c]. Block (32, 8) owns 32 columns; each of its 8 rows of threads sums
// a strided share of the rows, then the 8 partial sums are added in a fixed order (deterministic).
extern "C" __global__ void sum_rows_f32(const float* x, float* out, int rows, int cols, int accumulate) {
    __shared__ float part[8][33];
    int c = blockIdx.x * 32 + threadIdx.x;
    float s = 0.0f;
    if (c < cols)
        for (int r = threadIdx.y; r < rows; r += 8) s += x[(long) r * cols + c];
    part[threadIdx.y][threadIdx.x] = s;
    __syncthreads();
    if (threadIdx.y == 0 && c < cols) {
        float t = 0.0f;
        for (int k = 0; k < 8; k++) t += part[k][threadIdx.x];
        out[c] = accumulate ? out[c] + t : t;
    }
}

// out[r, :] = [a[r, :], b[r, :]]; out is (rows, na + nb).
extern "C" __global__ void concat_cols_f32(const float* a, const float* b, float* out, int rows, int na, int nb) {
    int w = na + nb;
    FLAT_INDEX(i, rows * w);
    int r = i / w, j = i % w;
    out[i] = j < na ? a[r * na + j] : b[r * nb + (j - na)];
}

// a[r, :] (+)= in[r, :na], b[r, :] (+)= in[r, na:]; in is (rows, na + nb).
extern "C" __global__ void split_cols_f32(const float* in, float* a, float* b, int rows, int na, int nb, int accumulate) {
    int w = na + nb;
    FLAT_INDEX(i, rows * w);
    int r = i / w, j = i % w;
    float v = in[i];
    float* dst = j < na ? &a[r * na + j] : &b[r * nb + (j - na)];
    *dst = accumulate ? *dst + v : v;
}

// y = f(x); y may alias x.
extern "C" __global__ void activation_f32(int f, const float* x, float* y, int n) {
    FLAT_INDEX(i, n);
    float v = x[i];
    switch (f) {
        case ACT_TANH: v = tanhf(v); break;
        case ACT_RELU: v = v > 0.0f ? v : 0.0f; break;
        case ACT_SIGMOID: v = sigmoidf(v); break;
        case ACT_GELU: v = geluf(v); break;
        default: break;
    }
    y[i] = v;
}

// dx (+)= f'(x) dy; tanh and sigmoid read y, relu and gelu read x (the other may be null).
extern "C" __global__ void activation_backward_f32(int f, const float* x, const float* y, const float* dy, float* dx,
                                                   int n, int accumulate) {
    FLAT_INDEX(i, n);
    float g = dy[i], v;
    switch (f) {
        case ACT_TANH: { float o = y[i]; v = g * (1.0f - o * o); break; }
        case ACT_SIGMOID: { float o = y[i]; v = g * o * (1.0f - o); break; }
        case ACT_RELU: v = x[i] > 0.0f ? g : 0.0f; break;
        case ACT_GELU: v = g * geluGradf(x[i]); break;
        default: v = g; break;
    }
    dx[i] = accumulate ? dx[i] + v : v;
}
