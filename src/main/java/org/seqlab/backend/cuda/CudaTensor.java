package org.seqlab.backend.cuda;

import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * A tensor in device memory: elements [off, off + size) of a {@link DeviceBuffer}. Views share the buffer.
 * Host copies are synchronous and ordered after every kernel launched before them.
 */
final class CudaTensor extends Tensor {
    final DeviceBuffer buffer;
    final int off;

    CudaTensor(DeviceBuffer buffer, int off, Shape shape) {
        super(shape);
        this.buffer = buffer;
        this.off = off;
    }

    /** Device address of the first element, as a kernel argument. */
    long address() { return buffer.address + (long) off * Float.BYTES; }

    @Override public void toHost(float[] dst, int dstOff) {
        int n = size();
        if (n == 0) return;
        float[] target = dstOff == 0 ? dst : new float[n];
        buffer.gpu.toHost(buffer, (long) off * Float.BYTES, target, n);
        if (target != dst) System.arraycopy(target, 0, dst, dstOff, n);
    }

    @Override public void copyFromHost(float[] src, int srcOff) {
        int n = size();
        if (n == 0) return;
        if (srcOff + n > src.length) throw new IndexOutOfBoundsException("host array of " + src.length + " values, need " + (srcOff + n));
        float[] source = srcOff == 0 ? src : java.util.Arrays.copyOfRange(src, srcOff, srcOff + n);
        buffer.gpu.fromHost(source, n, buffer, (long) off * Float.BYTES);
    }

    @Override public Tensor view(int offset, Shape s) {
        if (offset < 0 || offset + s.size() > size()) {
            throw new IndexOutOfBoundsException("view of " + s + " at " + offset + " outside " + shape);
        }
        return new CudaTensor(buffer, off + offset, s);
    }
}
