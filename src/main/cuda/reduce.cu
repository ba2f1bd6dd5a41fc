// Sums in double: a grid-stride pass writes one partial per block, a one-block pass adds the partials.
#include "common.cuh"

// partials[blockIdx.x] = sum of x[i] (or x[i]^2 when squares != 0) over this block's share of [0, n).
extern "C" __global__ void reduce_partials_f32(const float* x, int n, int squares, double* partials) {
    __shared__ double shared[33];
    double s = 0.0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        double v = x[i];
        s += squares ? v * v : v;
    }
    s = blockSumD(s, shared);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// out[0] = sum of x[0, n); launched as a single block.
extern "C" __global__ void reduce_sum_f64(const double* x, int n, double* out) {
    __shared__ double shared[33];
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) s += x[i];
    s = blockSumD(s, shared);
    if (threadIdx.x == 0) out[0] = s;
}
