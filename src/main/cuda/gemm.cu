// C = alpha * op(A) * op(B) + beta * C for row-major float32 matrices, op(X) = X or X^T.
// op(A) is M x K, op(B) is K x N, C is M x N; lda, ldb, ldc are the stored row lengths.
// Each 256-thread block computes a 64 x 64 tile of C; thread (tx, ty) owns rows ty + 16 i and
// columns tx + 16 j (i, j < 4), so shared-memory reads of B are conflict-free and those of A broadcast.
// beta == 0 overwrites C without reading it (NaN in C does not survive), as the Backend contract says.

#define BM 64
#define BN 64
#define BK 16

extern "C" __global__ void gemm_f32(int M, int N, int K, float alpha,
                                    const float* __restrict__ A, int lda, int transA,
                                    const float* __restrict__ B, int ldb, int transB,
                                    float beta, float* C, int ldc) {
    __shared__ float As[BK][BM + 1];  // As[k][m] = op(A)[m0 + m][k0 + k]
    __shared__ float Bs[BK][BN + 1];  // Bs[k][n] = op(B)[k0 + k][n0 + n]
    int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
    int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += BK) {
        for (int e = tid; e < BM * BK; e += 256) {
            // Consecutive threads walk the stored row, so global loads are coalesced for both layouts.
            int m, k;
            if (transA) { m = e % BM; k = e / BM; } else { k = e % BK; m = e / BK; }
            int gm = m0 + m, gk = k0 + k;
            float v = 0.0f;
            if (gm < M && gk < K) v = transA ? A[(long) gk * lda + gm] : A[(long) gm * lda + gk];
            As[k][m] = v;
        }
        for (int e = tid; e < BK * BN; e += 256) {
            int n, k;
            if (transB) { k = e % BK; n = e / BK; } else { n = e % BN; k = e / BN; }
            int gn = n0 + n, gk = k0 + k;
            float v = 0.0f;
            if (gn < N && gk < K) v = transB ? B[(long) gn * ldb + gk] : B[(long) gk * ldb + gn];
            Bs[k][n] = v;
        }
        __syncthreads();
        for (int k = 0; k < BK; k++) {
            float a[4], b[4];
            for (int i = 0; i < 4; i++) a[i] = As[k][ty + 16 * i];
            for (int j = 0; j < 4; j++) b[j] = Bs[k][tx + 16 * j];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) acc[i][j] += a[i] * b[j];
        }
        __syncthreads();
    }

    for (int i = 0; i < 4; i++) {
        int gm = m0 + ty + 16 * i;
        if (gm >= M) continue;
        for (int j = 0; j < 4; j++) {
            int gn = n0 + tx + 16 * j;
            if (gn >= N) continue;
            long at = (long) gm * ldc + gn;
            float r = alpha * acc[i][j];
            if (beta != 0.0f) r += beta * C[at];
            C[at] = r;
        }
    }
}

// out (n x m) = a^T for a (m x n); 32 x 32 tiles through shared memory, block (32, 8).
extern "C" __global__ void transpose_f32(const float* __restrict__ a, float* __restrict__ out, int m, int n) {
    __shared__ float tile[32][33];
    int c0 = blockIdx.x * 32, r0 = blockIdx.y * 32;
    for (int dy = threadIdx.y; dy < 32; dy += 8) {
        int r = r0 + dy, c = c0 + threadIdx.x;
        if (r < m && c < n) tile[dy][threadIdx.x] = a[(long) r * n + c];
    }
    __syncthreads();
    for (int dy = threadIdx.y; dy < 32; dy += 8) {
        int c = c0 + dy, r = r0 + threadIdx.x;  // out row c, out column r
        if (r < m && c < n) out[(long) c * m + r] = tile[threadIdx.x][dy];
    }
}
