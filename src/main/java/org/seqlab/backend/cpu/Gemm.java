package org.seqlab.backend.cpu;

/**
 * C = alpha op(A) op(B) + beta C on row-major float arrays with offsets and leading dimensions
 * (op(A) is M x K, op(B) is K x N, C is M x N).
 */
interface Gemm {
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
}
