// Shared helpers for seqlab's kernels. Every block-wide helper assumes blockDim.x is a multiple of 32
// and at most 1024; the Java side launches them with 256 threads.
#pragma once

// Sum of v over the block; every thread receives the total. shared must hold 33 doubles.
__device__ inline double blockSumD(double v, double* shared) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    if (lane == 0) shared[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        v = lane < warps ? shared[lane] : 0.0;
        for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
        if (lane == 0) shared[32] = v;
    }
    __syncthreads();
    double total = shared[32];
    __syncthreads();  // the caller may reuse shared at once
    return total;
}

// Maximum of v over the block; every thread receives it. shared must hold 33 floats.
__device__ inline float blockMaxF(float v, float* shared) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_down_sync(0xffffffffu, v, o));
    if (lane == 0) shared[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        v = lane < warps ? shared[lane] : -INFINITY;
        for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_down_sync(0xffffffffu, v, o));
        if (lane == 0) shared[32] = v;
    }
    __syncthreads();
    float m = shared[32];
    __syncthreads();
    return m;
}

// Activation codes; CudaBackend maps org.seqlab.backend.Activation onto these.
#define ACT_NONE 0
#define ACT_TANH 1
#define ACT_RELU 2
#define ACT_SIGMOID 3
#define ACT_GELU 4

__device__ inline float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

// GELU, exact (erf) form, evaluated in double like the CPU reference.
__device__ inline float geluf(float x) { return (float) (0.5 * x * (1.0 + erf(x * 0.70710678118654752440))); }

__device__ inline float geluGradf(float x) {
    double cdf = 0.5 * (1.0 + erf(x * 0.70710678118654752440));
    double pdf = exp(-0.5 * (double) x * x) * 0.39894228040143267794;
    return (float) (cdf + x * pdf);
}
