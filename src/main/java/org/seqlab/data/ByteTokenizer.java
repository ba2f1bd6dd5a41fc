package org.seqlab.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One token per UTF-8 byte; 256 tokens, token id = byte value. A printable ASCII byte is named by
 * its character, any other byte as {@code <0xAB>}. Joining decodes the bytes as UTF-8, replacing
 * bad sequences with U+FFFD (a sampled byte stream need not be valid UTF-8); special tokens are dropped.
 */
public final class ByteTokenizer implements Tokenizer {

    static final ByteTokenizer INSTANCE = new ByteTokenizer();

    private static final String[] NAMES = new String[256];

    static {
        for (int b = 0; b < 256; b++) {
            NAMES[b] = b > 32 && b < 127 ? Character.toString(b) : String.format("<0x%02X>", b);
        }
    }

    private ByteTokenizer() {
    }

    /** The token name of byte value {@code b} (0..255). */
    public static String name(int b) {
        return NAMES[b & 0xFF];
    }

    /** The 256 token names, index = byte value. */
    public static List<String> names() {
        return List.of(NAMES);
    }

    @Override
    public TokenKind kind() {
        return TokenKind.BYTES;
    }

    @Override
    public List<String> split(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            out.add(NAMES[b & 0xFF]);
        }
        return out;
    }

    @Override
    public String join(List<String> tokens) {
        byte[] bytes = new byte[tokens.size()];
        int n = 0;
        for (String t : tokens) {
            int b = valueOf(t);
            if (b >= 0) {
                bytes[n++] = (byte) b;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** The byte value a token names, or -1 for a name that is no byte (a special token). */
    static int valueOf(String t) {
        if (t.length() == 1 && t.charAt(0) > 32 && t.charAt(0) < 127) {
            return t.charAt(0);
        }
        if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
            try {
                return Integer.parseInt(t.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
