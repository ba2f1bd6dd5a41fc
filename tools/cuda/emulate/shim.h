// Runs seqlab's CUDA C kernels on the CPU, for checking their indexing and synchronisation on machines
// without a GPU. The threads of a block are coroutines (ucontext) on the calling thread: each runs until
// it reaches __syncthreads (released when every live thread of the block waits there) or a warp shuffle
// (released when the 32 lanes of its warp wait there). Blocks run one after another; __shared__ is one
// static copy that each block in turn initialises. Single OS thread, deterministic, gentle on a shared
// machine. Numerics are the host's (libm), not the GPU's; the point is the data flow, not the last bit.
#pragma once
#include <ucontext.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <vector>

#define __global__
#define __device__
#define __shared__ static
#define __restrict__ __restrict

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

inline dim3 threadIdx, blockIdx, blockDim, gridDim;

namespace emu {
enum Wait { RUN, BLOCK, WARP, DONE };

struct Thread {
    ucontext_t ctx;
    Wait wait;
    unsigned shuffles;  // how many shuffles this thread has done: picks the exchange buffer's half
};

constexpr size_t STACK = 128 * 1024;
inline std::vector<Thread> threads;
inline std::vector<char> stacks;
inline ucontext_t scheduler;
inline unsigned current;
inline std::function<void()> job;
inline double exchange[32][2][32];  // [warp][half][lane]

inline void yield(Wait w) {
    threads[current].wait = w;
    swapcontext(&threads[current].ctx, &scheduler);
}

inline void entry() {
    job();
    yield(DONE);
}

/** Runs job as every thread of the current block, releasing barriers and shuffles as they fill. */
inline void runBlock(unsigned n) {
    threads.assign(n, Thread{});
    if (stacks.size() < n * STACK) stacks.resize(n * STACK);
    for (unsigned t = 0; t < n; t++) {
        getcontext(&threads[t].ctx);
        threads[t].ctx.uc_stack.ss_sp = &stacks[t * STACK];
        threads[t].ctx.uc_stack.ss_size = STACK;
        threads[t].ctx.uc_link = nullptr;
        makecontext(&threads[t].ctx, entry, 0);
        threads[t].wait = RUN;
    }
    for (;;) {
        for (unsigned t = 0; t < n; t++) {
            if (threads[t].wait != RUN) continue;
            current = t;
            threadIdx = dim3{t % blockDim.x, t / blockDim.x, 0};
            swapcontext(&scheduler, &threads[t].ctx);
        }
        bool released = false, allDone = true, allAtBarrier = true;
        for (unsigned w = 0; w * 32 < n; w++) {
            unsigned from = w * 32, to = std::min(n, from + 32);
            bool full = true;
            for (unsigned t = from; t < to; t++) full &= threads[t].wait == WARP;
            if (full) {
                for (unsigned t = from; t < to; t++) threads[t].wait = RUN;
                released = true;
            }
        }
        for (unsigned t = 0; t < n; t++) {
            allDone &= threads[t].wait == DONE;
            allAtBarrier &= threads[t].wait == BLOCK || threads[t].wait == DONE;
        }
        if (allDone) return;
        if (!released && allAtBarrier) {
            for (unsigned t = 0; t < n; t++) if (threads[t].wait == BLOCK) threads[t].wait = RUN;
            released = true;
        }
        if (!released) {
            std::fprintf(stderr, "emulator: block (%u, %u) deadlocked: threads wait on different barriers\n", blockIdx.x, blockIdx.y);
            std::abort();
        }
    }
}
}  // namespace emu

inline void __syncthreads() { emu::yield(emu::BLOCK); }

template <class T>
T __shfl_down_sync(unsigned, T v, int offset) {
    unsigned t = emu::current, warp = t >> 5, lane = t & 31, half = emu::threads[t].shuffles++ & 1;
    emu::exchange[warp][half][lane] = (double) v;
    emu::yield(emu::WARP);
    return lane + offset < 32 ? (T) emu::exchange[warp][half][lane + offset] : v;
}

inline float atomicAdd(float* at, float v) {
    float old = *at;
    *at = old + v;
    return old;
}

/** Launches kernel(args...) on a grid of blocks, one block after another. */
template <class K, class... A>
void launch(K kernel, dim3 grid, dim3 block, A... args) {
    static std::mutex lock;
    std::lock_guard<std::mutex> guard(lock);
    gridDim = grid;
    blockDim = block;
    emu::job = [=] { kernel(args...); };
    for (unsigned by = 0; by < grid.y; by++) {
        for (unsigned bx = 0; bx < grid.x; bx++) {
            blockIdx = dim3{bx, by, 0};
            emu::runBlock(block.x * block.y);
        }
    }
}
