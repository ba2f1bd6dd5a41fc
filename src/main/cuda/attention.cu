// Attention: moving heads between a time-major sequence (T, B, W) and per-head matrices (B, H, T, d), the
// masked row softmax and its backward, and Bahdanau's additive scores. Same formulas as
// backend/cpu/AttentionKernels; row sums are kept in double. The batched products are in gemm.cu.
#include "common.cuh"

// out[b, h, t, j] = x[t, b, colFrom + h d + j]: one thread per element of out.
extern "C" __global__ void split_heads_f32(const float* __restrict__ x, float* __restrict__ out, int T, int B, int H,
                                           int d, int W, int colFrom) {
    long n = (long) B * H * T * d;
    for (long e = (long) blockIdx.x * blockDim.x + threadIdx.x; e < n; e += (long) gridDim.x * blockDim.x) {
        int j = (int) (e % d);
        long r = e / d;
        int t = (int) (r % T);
        r /= T;
        int h = (int) (r % H), b = (int) (r / H);
        out[e] = x[((long) t * B + b) * W + colFrom + h * d + j];
    }
}

// x[t, b, colFrom + h d + j] (+)= in[b, h, t, j]: one thread per element of in, each writing its own x element.
extern "C" __global__ void merge_heads_f32(const float* __restrict__ in, float* __restrict__ x, int T, int B, int H,
                                           int d, int W, int colFrom, int accumulate) {
    long n = (long) B * H * T * d;
    for (long e = (long) blockIdx.x * blockDim.x + threadIdx.x; e < n; e += (long) gridDim.x * blockDim.x) {
        int j = (int) (e % d);
        long r = e / d;
        int t = (int) (r % T);
        r /= T;
        int h = (int) (r % H), b = (int) (r / H);
        long at = ((long) t * B + b) * W + colFrom + h * d + j;
        x[at] = accumulate ? x[at] + in[e] : in[e];
    }
}

// One block per row of scores (groups * tq rows of tk): p = softmax(scale s) over the visible keys, 0 elsewhere.
// Row i of matrix g sees keys j < lengths[g / perBatch] (all when lengths is null) and, if causal,
// j <= i + tk - tq. A row that sees no key is all zeros.
extern "C" __global__ void masked_softmax_f32(const float* __restrict__ s, float* __restrict__ p,
                                              const int* __restrict__ lengths, int tq, int tk, int perBatch,
                                              float scale, int causal) {
    __shared__ double sharedD[33];
    __shared__ float sharedF[33];
    long row = blockIdx.x;
    int g = (int) (row / tq), i = (int) (row % tq);
    int visible = lengths == nullptr ? tk : lengths[g / perBatch];
    if (visible > tk) visible = tk;
    if (causal && visible > i + tk - tq + 1) visible = i + tk - tq + 1;
    if (visible < 0) visible = 0;
    const float* sr = s + row * tk;
    float* pr = p + row * tk;
    float m = -INFINITY;
    for (int j = threadIdx.x; j < visible; j += blockDim.x) m = fmaxf(m, scale * sr[j]);
    m = blockMaxF(m, sharedF);
    double sum = 0.0;
    for (int j = threadIdx.x; j < visible; j += blockDim.x) {
        float e = expf(scale * sr[j] - m);
        pr[j] = e;
        sum += e;
    }
    sum = blockSumD(sum, sharedD);
    float inv = visible > 0 ? (float) (1.0 / sum) : 0.0f;
    for (int j = threadIdx.x; j < tk; j += blockDim.x) pr[j] = j < visible ? pr[j] * inv : 0.0f;
}

// One block per row: ds = scale p (dp - sum_j p_j dp_j); masked entries (p = 0) get 0.
extern "C" __global__ void masked_softmax_backward_f32(const float* __restrict__ p, const float* __restrict__ dp,
                                                       float* __restrict__ ds, int tk, float scale) {
    __shared__ double shared[33];
    long base = (long) blockIdx.x * tk;
    double dot = 0.0;
    for (int j = threadIdx.x; j < tk; j += blockDim.x) dot += (double) p[base + j] * dp[base + j];
    float d = (float) blockSumD(dot, shared);
    for (int j = threadIdx.x; j < tk; j += blockDim.x) ds[base + j] = scale * p[base + j] * (dp[base + j] - d);
}

// One warp per score (b, t, s), 8 per block: hidden[b, t, s, :] = tanh(q[t, b, :] + k[s, b, :]),
// scores[b, t, s] = v . hidden[b, t, s, :]. q (T, B, A), k (S, B, A), hidden (B, T, S, A).
extern "C" __global__ void additive_scores_f32(const float* __restrict__ q, const float* __restrict__ k,
                                               const float* __restrict__ v, float* __restrict__ hidden,
                                               float* __restrict__ scores, int T, int S, int B, int A) {
    long score = (long) blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    long n = (long) B * T * S;
    bool live = score < n;  // every lane takes part in the shuffles, live or not
    float e = 0.0f;
    if (live) {
        int s = (int) (score % S), t = (int) (score / S % T), b = (int) (score / ((long) S * T));
        const float* qr = q + ((long) t * B + b) * A;
        const float* kr = k + ((long) s * B + b) * A;
        float* hr = hidden + score * A;
        for (int j = lane; j < A; j += 32) {
            float h = tanhf(qr[j] + kr[j]);
            hr[j] = h;
            e += v[j] * h;
        }
    }
    for (int o = 16; o > 0; o >>= 1) e += __shfl_down_sync(0xffffffffu, e, o);
    if (live && lane == 0) scores[score] = e;
}

// Backward of additive scores into q (forKeys = 0: out (T, B, A), summing over s) or into k (forKeys = 1:
// out (S, B, A), summing over t), overwritten: out[., b, j] = sum ds[b, t, s] v[j] (1 - hidden[b, t, s, j]^2).
// One thread per element of out, so no two threads write the same place.
extern "C" __global__ void additive_backward_qk_f32(const float* __restrict__ hidden, const float* __restrict__ v,
                                                    const float* __restrict__ ds, float* __restrict__ out,
                                                    int T, int S, int B, int A, int forKeys) {
    int outer = forKeys ? S : T, inner = forKeys ? T : S;
    long n = (long) outer * B * A;
    for (long e = (long) blockIdx.x * blockDim.x + threadIdx.x; e < n; e += (long) gridDim.x * blockDim.x) {
        int j = (int) (e % A);
        int b = (int) (e / A % B), o = (int) (e / ((long) A * B));
        float acc = 0.0f;
        for (int u = 0; u < inner; u++) {
            int t = forKeys ? u : o, s = forKeys ? o : u;
            long score = ((long) b * T + t) * S + s;
            float h = hidden[score * A + j];
            acc += ds[score] * v[j] * (1.0f - h * h);
        }
        out[e] = acc;
    }
}

// dv[j] += sum over (b, t, s) of ds[b, t, s] hidden[b, t, s, j]: one block per j, the sum in double.
extern "C" __global__ void additive_backward_v_f32(const float* __restrict__ hidden, const float* __restrict__ ds,
                                                   float* __restrict__ dv, int scores, int A) {
    __shared__ double shared[33];
    int j = blockIdx.x;
    double acc = 0.0;
    for (long s = threadIdx.x; s < scores; s += blockDim.x) acc += (double) ds[s] * hidden[s * A + j];
    acc = blockSumD(acc, shared);
    if (threadIdx.x == 0) dv[j] += (float) acc;
}
