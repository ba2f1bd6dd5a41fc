package org.seqlab.data;

/**
 * A read-only run of token ids stored compactly: 2 bytes per token when every id fits in 16 bits,
 * else 4. Train and validation splits of one corpus are views of the same array.
 */
public abstract sealed class TokenStream permits TokenStream.Shorts, TokenStream.Ints {

    final int from;
    final int length;

    private TokenStream(int from, int length) {
        this.from = from;
        this.length = length;
    }

    public final int length() {
        return length;
    }

    /** The id at position {@code i} (0-based within this stream). */
    public abstract int get(int i);

    /** Copies ids [{@code start}, {@code start+n}) into {@code dst[off..off+n)}. */
    public abstract void copy(int start, int[] dst, int off, int n);

    final void checkRange(int start, int n) {
        if (start < 0 || n < 0 || start + n > length) {
            throw new IndexOutOfBoundsException("tokens [" + start + ", " + (start + n) + ") of a stream of " + length);
        }
    }

    /** Bytes of storage per token: 2 or 4. */
    public abstract int bytesPerToken();

    /** The ids [{@code start}, {@code end}) as a new array (for tests and short texts). */
    public final int[] toArray(int start, int end) {
        int[] out = new int[end - start];
        copy(start, out, 0, out.length);
        return out;
    }

    public final int[] toArray() {
        return toArray(0, length);
    }

    /** A stream over ids given as an array (ids must be >= 0); stored as shorts when they fit. */
    public static TokenStream of(int[] ids) {
        int max = 0;
        for (int id : ids) {
            max = Math.max(max, id);
        }
        if (max <= 0xFFFF) {
            short[] s = new short[ids.length];
            for (int i = 0; i < ids.length; i++) {
                s[i] = (short) ids[i];
            }
            return new Shorts(s, 0, s.length);
        }
        return new Ints(ids.clone(), 0, ids.length);
    }

    static final class Shorts extends TokenStream {
        private final short[] data;

        Shorts(short[] data, int from, int length) {
            super(from, length);
            this.data = data;
        }

        @Override
        public int get(int i) {
            return data[from + i] & 0xFFFF;
        }

        @Override
        public void copy(int start, int[] dst, int off, int n) {
            checkRange(start, n);
            int base = from + start;
            for (int k = 0; k < n; k++) {
                dst[off + k] = data[base + k] & 0xFFFF;
            }
        }

        @Override
        public int bytesPerToken() {
            return 2;
        }
    }

    static final class Ints extends TokenStream {
        private final int[] data;

        Ints(int[] data, int from, int length) {
            super(from, length);
            this.data = data;
        }

        @Override
        public int get(int i) {
            return data[from + i];
        }

        @Override
        public void copy(int start, int[] dst, int off, int n) {
            checkRange(start, n);
            System.arraycopy(data, from + start, dst, off, n);
        }

        @Override
        public int bytesPerToken() {
            return 4;
        }
    }
}
