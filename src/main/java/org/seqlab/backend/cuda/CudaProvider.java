package org.seqlab.backend.cuda;

import org.seqlab.backend.Backend;
import org.seqlab.backend.BackendException;
import org.seqlab.backend.BackendProvider;

/**
 * Registers the GPU backend as {@code cuda}. This class names no JCuda type, so listing it costs nothing on a
 * machine without a GPU: JCuda and the driver are touched only by {@link #open}, and any failure there (no
 * driver, no device, JCuda's native library missing) becomes a one-line {@link BackendException}.
 */
public final class CudaProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }

    @Override public Backend open(int threads) {
        try {
            return CudaBackend.open();
        } catch (BackendException e) {
            throw e;
        } catch (LinkageError | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = m.indexOf('\n');
            throw new BackendException(nl < 0 ? m : m.substring(0, nl));
        }
    }
}
