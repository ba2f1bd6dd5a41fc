// Embedding lookups on device copies of the token ids (the host validated them: -1 < id < rows of the table,
// or negative for "no token"). One thread per output element, rows * n threads.

// out[r, :] = table[ids[r], :], or zeros for a negative id.
extern "C" __global__ void gather_f32(const float* table, const int* ids, float* out, int rows, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * n) return;
    int r = i / n, j = i % n, id = ids[r];
    out[i] = id < 0 ? 0.0f : table[(long) id * n + j];
}

// dTable[ids[r], :] += dOut[r, :], negative ids skipped; repeated ids meet in atomicAdd.
extern "C" __global__ void scatter_add_f32(const float* dOut, const int* ids, float* dTable, int rows, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * n) return;
    int r = i / n, j = i % n, id = ids[r];
    if (id >= 0) atomicAdd(&dTable[(long) id * n + j], dOut[i]);
}

// out (rows, n) = one-hot rows of ids; a negative id gives a zero row.
extern "C" __global__ void one_hot_f32(const int* ids, float* out, int rows, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * n) return;
    out[i] = (i % n) == ids[i / n] ? 1.0f : 0.0f;
}
