package org.seqlab.backend.cpu;

import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/** A tensor stored in data[off, off + size) on the Java heap. Views share data with another offset. */
public final class CpuTensor extends Tensor {
    public final float[] data;
    public final int off;

    CpuTensor(float[] data, int off, Shape shape) {
        super(shape);
        this.data = data;
        this.off = off;
    }

    @Override public void toHost(float[] dst, int dstOff) { System.arraycopy(data, off, dst, dstOff, size()); }

    @Override public void copyFromHost(float[] src, int srcOff) { System.arraycopy(src, srcOff, data, off, size()); }

    @Override public Tensor view(int offset, Shape s) {
        if (offset < 0 || offset + s.size() > size()) {
            throw new IndexOutOfBoundsException("view of " + s + " at " + offset + " outside " + shape);
        }
        return new CpuTensor(data, off + offset, s);
    }
}
