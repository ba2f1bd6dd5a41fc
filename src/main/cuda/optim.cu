// Optimizer updates and dropout masks, one thread per element; formulas as in backend/cpu/Updates.
// Scalars that depend only on the step (bias corrections) are computed on the host in float, like the CPU.

// SGD with weight decay, momentum (buf may be null when momentum == 0), dampening and Nesterov.
extern "C" __global__ void sgd_f32(float* p, const float* g, float* buf, int n, float lr, float momentum,
                                   float dampening, float wd, int nesterov, int first) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float d = g[i];
    if (wd != 0.0f) d += wd * p[i];
    if (momentum != 0.0f) {
        float b = first ? d : momentum * buf[i] + (1.0f - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * b : b;
    }
    p[i] -= lr * d;
}

// Adam / AdamW. stepSize = lr / (1 - beta1^t), bc2Sqrt = sqrt(1 - beta2^t), decay = 1 - lr wd.
extern "C" __global__ void adam_f32(float* p, const float* g, float* m, float* v, int n, float stepSize, float bc2Sqrt,
                                    float beta1, float beta2, float eps, float wd, float decay, int decoupled) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float d = g[i];
    if (wd != 0.0f) {
        if (decoupled) p[i] *= decay;
        else d += wd * p[i];
    }
    float mv = m[i] * beta1 + (1.0f - beta1) * d;
    float vv = v[i] * beta2 + (1.0f - beta2) * d * d;
    m[i] = mv;
    v[i] = vv;
    float denom = sqrtf(vv) / bc2Sqrt + eps;
    p[i] -= stepSize * (mv / denom);
}

// RMSprop, not centred; buf may be null when momentum == 0.
extern "C" __global__ void rmsprop_f32(float* p, const float* g, float* sq, float* buf, int n, float lr, float alpha,
                                       float eps, float wd, float momentum) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float d = g[i];
    if (wd != 0.0f) d += wd * p[i];
    float s = alpha * sq[i] + (1.0f - alpha) * d * d;
    sq[i] = s;
    float avg = sqrtf(s) + eps;
    if (momentum > 0.0f) {
        float b = momentum * buf[i] + d / avg;
        buf[i] = b;
        p[i] -= lr * b;
    } else {
        p[i] -= lr * (d / avg);
    }
}

// mask[i] = keep if uniform(seed, i) >= p else 0, with uniform exactly backend/DropoutHash.uniform:
// SplitMix64's finaliser on seed * golden + i + constant, top 24 bits scaled by 2^-24.
extern "C" __global__ void dropout_mask_f32(float* mask, int n, float p, float keep, unsigned long long seed) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned long long z = seed * 0x9E3779B97F4A7C15ull + (unsigned long long) i + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z = z ^ (z >> 31);
    float u = (float) (z >> 40) * 5.9604644775390625e-8f;
    mask[i] = u >= p ? keep : 0.0f;
}
