package org.seqlab.data;

import java.util.Arrays;

/**
 * A growable run of token ids while a corpus loads: shorts while every id fits in 16 bits, widened
 * to ints the first time one does not. Never a Java object per token.
 */
final class IdBuffer {

    private short[] shorts;
    private int[] ints;
    private int size;

    IdBuffer(int capacity) {
        shorts = new short[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void add(int id) {
        if (ints == null) {
            if (id <= 0xFFFF) {
                if (size == shorts.length) {
                    shorts = Arrays.copyOf(shorts, grow(size));
                }
                shorts[size++] = (short) id;
                return;
            }
            widen();
        }
        if (size == ints.length) {
            ints = Arrays.copyOf(ints, grow(size));
        }
        ints[size++] = id;
    }

    int get(int i) {
        return ints == null ? shorts[i] & 0xFFFF : ints[i];
    }

    /** Replaces every id by {@code map[id]} in place, then narrows to shorts when the new ids allow. */
    void remap(int[] map, int maxNewId) {
        if (ints == null) {
            for (int i = 0; i < size; i++) {
                shorts[i] = (short) map[shorts[i] & 0xFFFF];
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            ints[i] = map[ints[i]];
        }
        if (maxNewId <= 0xFFFF) {
            shorts = new short[size];
            for (int i = 0; i < size; i++) {
                shorts[i] = (short) ints[i];
            }
            ints = null;
        }
    }

    /** Drops unused capacity when more than a tenth is unused. */
    void trim() {
        if (ints == null && size < shorts.length * 9L / 10) {
            shorts = Arrays.copyOf(shorts, size);
        } else if (ints != null && size < ints.length * 9L / 10) {
            ints = Arrays.copyOf(ints, size);
        }
    }

    /** A read-only view of ids [{@code from}, {@code from+length}). */
    TokenStream view(int from, int length) {
        return ints == null ? new TokenStream.Shorts(shorts, from, length) : new TokenStream.Ints(ints, from, length);
    }

    private void widen() {
        ints = new int[shorts.length];
        for (int i = 0; i < size; i++) {
            ints[i] = shorts[i] & 0xFFFF;
        }
        shorts = null;
    }

    private static int grow(int n) {
        long next = n + (n >> 1) + 16;
        if (next > Integer.MAX_VALUE - 16) {
            throw new DataException("the corpus has more than " + (Integer.MAX_VALUE - 16) + " tokens; split the file");
        }
        return (int) next;
    }
}
