// Fused pointwise steps of the LSTM and GRU cells: one thread per (row b, unit j), rows * hid threads.
// The formulas mirror backend/cpu/CellKernels.Scalar line for line.
#include "common.cuh"

// gates (B, 4H) pre-activations [i f g o] -> activated in place; c = f cPrev + i g; h = o tanh(c).
extern "C" __global__ void lstm_forward(float* g, const float* cPrev, float* c, float* h, int rows, int hid) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= rows * hid) return;
    int r = k / hid, j = k % hid;
    float* gr = g + (long) r * 4 * hid;
    float i = sigmoidf(gr[j]);
    float f = sigmoidf(gr[hid + j]);
    float gg = tanhf(gr[2 * hid + j]);
    float o = sigmoidf(gr[3 * hid + j]);
    gr[j] = i;
    gr[hid + j] = f;
    gr[2 * hid + j] = gg;
    gr[3 * hid + j] = o;
    float cv = f * cPrev[k] + i * gg;
    c[k] = cv;
    h[k] = o * tanhf(cv);
}

// dc: in, gradient into c from the next step; out, gradient into cPrev. dg (B, 4H): pre-activation gradients.
extern "C" __global__ void lstm_backward(const float* g, const float* cPrev, const float* c, const float* dh,
                                         float* dc, float* dg, int rows, int hid) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= rows * hid) return;
    int r = k / hid, j = k % hid;
    const float* gr = g + (long) r * 4 * hid;
    float* dr = dg + (long) r * 4 * hid;
    float i = gr[j], f = gr[hid + j], gg = gr[2 * hid + j], o = gr[3 * hid + j];
    float tc = tanhf(c[k]);
    float d = dh[k];
    float dct = dc[k] + d * o * (1.0f - tc * tc);
    dr[j] = dct * gg * i * (1.0f - i);
    dr[hid + j] = dct * cPrev[k] * f * (1.0f - f);
    dr[2 * hid + j] = dct * i * (1.0f - gg * gg);
    dr[3 * hid + j] = d * tc * o * (1.0f - o);
    dc[k] = dct * f;
}

// xg, hg (B, 3H) in order [r z n]; xg is overwritten with the activated [r z n]; h = (1 - z) n + z hPrev.
extern "C" __global__ void gru_forward(float* xg, const float* hg, const float* hPrev, float* h, int rows, int hid) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= rows * hid) return;
    int b = k / hid, j = k % hid;
    float* x = xg + (long) b * 3 * hid;
    const float* y = hg + (long) b * 3 * hid;
    float r = sigmoidf(x[j] + y[j]);
    float z = sigmoidf(x[hid + j] + y[hid + j]);
    float n = tanhf(x[2 * hid + j] + r * y[2 * hid + j]);
    x[j] = r;
    x[hid + j] = z;
    x[2 * hid + j] = n;
    h[k] = (1.0f - z) * n + z * hPrev[k];
}

// Gradients of the two pre-activation sums (dxg, dhg: (B, 3H)) and dhPrev = dh z (overwritten).
extern "C" __global__ void gru_backward(const float* xg, const float* hg, const float* hPrev, const float* dh,
                                        float* dxg, float* dhg, float* dhPrev, int rows, int hid) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= rows * hid) return;
    int b = k / hid, j = k % hid;
    const float* x = xg + (long) b * 3 * hid;
    const float* y = hg + (long) b * 3 * hid;
    float* dx = dxg + (long) b * 3 * hid;
    float* dy = dhg + (long) b * 3 * hid;
    float r = x[j], z = x[hid + j], n = x[2 * hid + j];
    float d = dh[k];
    float dnp = d * (1.0f - z) * (1.0f - n * n);
    float dzp = d * (hPrev[k] - n) * z * (1.0f - z);
    float drp = dnp * y[2 * hid + j] * r * (1.0f - r);
    dx[j] = drp;
    dx[hid + j] = dzp;
    dx[2 * hid + j] = dnp;
    dy[j] = drp;
    dy[hid + j] = dzp;
    dy[2 * hid + j] = dnp * r;
    dhPrev[k] = d * z;
}
