package org.seqlab.tensor;

/**
 * A float32 tensor owned by a backend: CPU tensors wrap a float[] range, a GPU tensor holds a device pointer.
 * Layers never touch the storage; they pass tensors to backend operations and copy to or from the host
 * explicitly. Storage is row-major and contiguous; views share their parent's storage.
 */
public abstract class Tensor {
    protected final Shape shape;

    protected Tensor(Shape shape) {
        this.shape = shape;
    }

    public final Shape shape() { return shape; }

    public final int size() { return shape.size(); }

    /** Rows when seen as a matrix: all dimensions but the last. */
    public final int rows() { return shape.rows(); }

    /** Columns when seen as a matrix: the last dimension. */
    public final int cols() { return shape.cols(); }

    /** Copies this tensor's elements into dst[dstOff ...]. */
    public abstract void toHost(float[] dst, int dstOff);

    /** Overwrites this tensor's elements from src[srcOff ...]. */
    public abstract void copyFromHost(float[] src, int srcOff);

    /** A view of size shape.size() starting offset elements into this tensor, sharing storage. */
    public abstract Tensor view(int offset, Shape shape);

    public final float[] toHost() {
        float[] out = new float[size()];
        toHost(out, 0);
        return out;
    }

    public final void copyFromHost(float[] src) {
        if (src.length != size()) {
            throw new IllegalArgumentException("host array has " + src.length + " values, tensor " + shape + " needs " + size());
        }
        copyFromHost(src, 0);
    }

    /** Element i along the first dimension: slice(t) of a (T, B, H) buffer is the (B, H) step t. */
    public final Tensor slice(int i) {
        Shape inner = shape.dropFirst();
        checkRange(i, 1);
        return view(i * inner.size(), inner);
    }

    /** Elements [from, from+count) along the first dimension. */
    public final Tensor range(int from, int count) {
        checkRange(from, count);
        return view(from * (size() / Math.max(1, shape.dim(0))), shape.withFirst(count));
    }

    /** The same storage seen with another shape of equal size. */
    public final Tensor reshape(Shape s) {
        if (s.size() != size()) throw new IllegalArgumentException("cannot reshape " + shape + " to " + s);
        return view(0, s);
    }

    private void checkRange(int from, int count) {
        if (shape.rank() == 0 || from < 0 || count < 0 || from + count > shape.dim(0)) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + (from + count) + ") outside " + shape);
        }
    }

    @Override public String toString() { return getClass().getSimpleName() + shape; }
}
