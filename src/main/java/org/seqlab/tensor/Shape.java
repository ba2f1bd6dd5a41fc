package org.seqlab.tensor;

import java.util.Arrays;

/** An immutable list of dimension sizes, outermost first; a (T, B, H) sequence buffer is Shape.of(T, B, H). */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        double n = 1;  // a double: 65536^4 would overflow a long to 0 and pass for an empty shape
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has " + String.format(java.util.Locale.ROOT, "%.4g", n)
                    + " elements, more than one tensor can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
        this.dims = dims;
        this.size = (int) n;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() { return dims.length; }

    public int dim(int i) { return dims[i < 0 ? dims.length + i : i]; }

    public int[] dims() { return dims.clone(); }

    /** Number of elements. */
    public int size() { return size; }

    /** Last dimension: the width of a row when the tensor is seen as a matrix (1 for a scalar). */
    public int cols() { return dims.length == 0 ? 1 : dims[dims.length - 1]; }

    /** Product of all dimensions but the last: (T, B, H) is a (T*B) x H matrix. */
    public int rows() {
        int r = 1;
        for (int i = 0; i < dims.length - 1; i++) r *= dims[i];
        return r;
    }

    /** The shape without its first dimension (one time step of a (T, B, H) buffer is (B, H)). */
    public Shape dropFirst() { return new Shape(Arrays.copyOfRange(dims, 1, dims.length)); }

    /** The same shape with the first dimension replaced. */
    public Shape withFirst(int n) {
        int[] d = dims.clone();
        d[0] = n;
        return new Shape(d);
    }

    /** The same shape with the last dimension replaced. */
    public Shape withLast(int n) {
        int[] d = dims.clone();
        d[d.length - 1] = n;
        return new Shape(d);
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) sb.append(i > 0 ? ", " : "").append(dims[i]);
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }
}
