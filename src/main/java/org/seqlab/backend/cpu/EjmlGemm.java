package org.seqlab.backend.cpu;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** The obviously-correct matrix product: copy into EJML matrices and call its reference routines. */
final class EjmlGemm implements Gemm {
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        FMatrixRMaj ma = copy(a, aOff, lda, transA ? k : m, transA ? m : k);
        FMatrixRMaj mb = copy(b, bOff, ldb, transB ? n : k, transB ? k : n);
        FMatrixRMaj mc = new FMatrixRMaj(m, n);
        if (transA && transB) CommonOps_FDRM.multTransAB(ma, mb, mc);
        else if (transA) CommonOps_FDRM.multTransA(ma, mb, mc);
        else if (transB) CommonOps_FDRM.multTransB(ma, mb, mc);
        else CommonOps_FDRM.mult(ma, mb, mc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                float prior = beta == 0 ? 0 : beta * c[ci];
                c[ci] = alpha * mc.get(i, j) + prior;
            }
        }
    }

    private static FMatrixRMaj copy(float[] x, int off, int ld, int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) System.arraycopy(x, off + i * ld, m.data, i * cols, cols);
        return m;
    }
}
