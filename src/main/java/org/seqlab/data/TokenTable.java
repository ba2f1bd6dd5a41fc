package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Open-addressing hash table from a token's characters to a provisional id, looked up straight from
 * a char buffer so that a file's tokens cost no String each; one String per distinct token.
 */
final class TokenTable {

    private int[] slots = new int[1 << 12];
    private final List<char[]> keys = new ArrayList<>();
    private int[] hashArray = new int[1 << 11];

    int size() {
        return keys.size();
    }

    /** The id of the token {@code buf[0..len)}, adding it when new. */
    int id(char[] buf, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int mask = slots.length - 1;
        int idx = (h * 0x9E3779B9) >>> 7 & mask;
        while (true) {
            int s = slots[idx];
            if (s == 0) {
                return insert(idx, buf, len, h);
            }
            if (hashArray[s - 1] == h && same(keys.get(s - 1), buf, len)) {
                return s - 1;
            }
            idx = (idx + 1) & mask;
        }
    }

    private static boolean same(char[] key, char[] buf, int len) {
        if (key.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (key[i] != buf[i]) {
                return false;
            }
        }
        return true;
    }

    private int insert(int idx, char[] buf, int len, int h) {
        int id = keys.size();
        keys.add(java.util.Arrays.copyOf(buf, len));
        if (id == hashArray.length) {
            hashArray = java.util.Arrays.copyOf(hashArray, id * 2);
        }
        hashArray[id] = h;
        slots[idx] = id + 1;
        if (keys.size() * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < keys.size(); id++) {
            int idx = (hashArray[id] * 0x9E3779B9) >>> 7 & mask;
            while (slots[idx] != 0) {
                idx = (idx + 1) & mask;
            }
            slots[idx] = id + 1;
        }
    }

    /** The distinct tokens, index = provisional id. */
    List<String> strings() {
        List<String> out = new ArrayList<>(keys.size());
        for (char[] k : keys) {
            out.add(new String(k));
        }
        return out;
    }
}
