package org.seqlab.backend.cpu;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.SingularOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F32;
import org.seqlab.backend.BackendException;
import org.seqlab.tensor.Tensor;

/** The thin SVD through EJML's implicit-QR decomposition, singular values sorted descending. */
final class EjmlSvd {

    private EjmlSvd() {
    }

    /** a (M, N) = u (M, K) diag(s) vt (K, N), K = min(M, N); shapes checked by the CheckedBackend. */
    static void svd(Tensor a, Tensor u, Tensor s, Tensor vt) {
        int m = a.shape().dim(0), n = a.shape().dim(1), k = Math.min(m, n);
        FMatrixRMaj x = new FMatrixRMaj(m, n);
        System.arraycopy(a.toHost(), 0, x.data, 0, m * n);
        SingularValueDecomposition_F32<FMatrixRMaj> d = DecompositionFactory_FDRM.svd(m, n, true, true, true);
        if (!d.decompose(x)) throw new BackendException("the singular value decomposition of a " + m + " x " + n + " matrix did not converge");
        FMatrixRMaj mu = d.getU(null, false), mw = d.getW(null), mv = d.getV(null, true);
        SingularOps_FDRM.descendingOrder(mu, false, mw, mv, true);
        float[] uh = new float[m * k], sh = new float[k], vh = new float[k * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) uh[i * k + j] = mu.get(i, j);
        for (int j = 0; j < k; j++) sh[j] = mw.get(j, j);
        for (int j = 0; j < k; j++) for (int c = 0; c < n; c++) vh[j * n + c] = mv.get(j, c);
        u.copyFromHost(uh);
        s.copyFromHost(sh);
        vt.copyFromHost(vh);
    }
}
