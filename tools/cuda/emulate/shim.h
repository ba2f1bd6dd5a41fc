// Runs seqlab's CUDA C kernels on the CPU, for checking their indexing and synchronisation on machines
// without a GPU. Each block's threads are real std::threads (blocks run one after another), so
// __syncthreads is a barrier, __shared__ is one static copy (reused by each block in turn), and
// __shfl_down_sync exchanges values through a per-warp buffer between two warp barriers.
// Numerics are the host's (libm), not the GPU's; the point is the data flow, not the last bit.
#pragma once
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __shared__ static
#define __restrict__ __restrict

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

inline thread_local dim3 threadIdx;
inline dim3 blockIdx, blockDim, gridDim;
inline std::unique_ptr<std::barrier<>> blockBarrier;
inline std::vector<std::unique_ptr<std::barrier<>>> warpBarriers;
inline double warpBuffer[32][32];

inline void __syncthreads() { blockBarrier->arrive_and_wait(); }

template <class T>
T __shfl_down_sync(unsigned, T v, int offset) {
    int t = threadIdx.y * blockDim.x + threadIdx.x, warp = t >> 5, lane = t & 31;
    warpBuffer[warp][lane] = (double) v;
    warpBarriers[warp]->arrive_and_wait();
    T r = lane + offset < 32 ? (T) warpBuffer[warp][lane + offset] : v;
    warpBarriers[warp]->arrive_and_wait();
    return r;
}

inline float atomicAdd(float* at, float v) { return std::atomic_ref<float>(*at).fetch_add(v); }

/** Launches kernel(args...) on a grid of blocks, each block's threads concurrently. */
template <class K, class... A>
void launch(K kernel, dim3 grid, dim3 block, A... args) {
    gridDim = grid;
    blockDim = block;
    unsigned n = block.x * block.y;
    for (unsigned by = 0; by < grid.y; by++) {
        for (unsigned bx = 0; bx < grid.x; bx++) {
            blockIdx = dim3{bx, by, 0};
            blockBarrier = std::make_unique<std::barrier<>>(n);
            warpBarriers.clear();
            for (unsigned w = 0; w < (n + 31) / 32; w++) warpBarriers.push_back(std::make_unique<std::barrier<>>(32));
            std::vector<std::thread> threads;
            for (unsigned t = 0; t < n; t++) {
                threads.emplace_back([=] {
                    threadIdx = dim3{t % block.x, t / block.x, 0};
                    kernel(args...);
                });
            }
            for (auto& th : threads) th.join();
        }
    }
}
