package org.seqlab.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;

/**
 * Makes damaged and crafted checkpoints from real ones: flipped bits (which must be refused), metadata
 * entries set to odd values or dropped, tensors renamed, reshaped or dropped (written with a valid
 * checksum, so that the checks behind it are reached), and header text edited by hand (shapes whose
 * element count overflows, deep JSON, wrong dtypes and offsets).
 */
final class CheckpointMutator {

    /** One crafted file, and whether loading it must fail (a flipped bit must never load). */
    record Crafted(byte[] bytes, boolean mustFail, String how) {
    }

    private static final String[] KEYS = {"optimizer.kind", "step", "optimizer.steps", "batcher.step", "batcher.key",
        "seqlab.format", "model_source", "model_name", "vocabulary", "data_kind", "features", "output_size", "seed",
        "mask_rate", "dropout.seeds", "masking.seed", "optimizer.lr", "optimizer.beta1", "optimizer.beta2",
        "optimizer.momentum", "optimizer.weight_decay", "optimizer.nesterov", "forcing.coin", "batcher.seed", "tokenization"};
    private static final String[] VALUES = {"", "-1", "0", "1", "bogus", "99999999999", "9223372036854775807", "NaN",
        "Infinity", "-Infinity", "1e999", "0.5", "true", "adam", "sgd", "STREAM", "BOGUS", " 3 ", "1,2,3", "{}", "[]",
        "{\"tokenizer\":\"char\",\"tokens\":[]}", "{\"tokenizer\":\"char\",\"tokens\":[\"a\",\"a\"]}", "\u0000", "model m { }",
        "model m { embed 4 }", "model m { embed 4\n", "seqlab-checkpoint-1", "seqlab-checkpoint-2"};
    private static final String[] SHAPES = {"[65536,65536,65536,65536]", "[-1]", "[]", "[0]", "[1e999]", "[2147483648]",
        "[4294967296,1]", "[1,2,3,4,5,6,7,8,9]", "\"x\"", "null", "[1.5]", "[" + "[".repeat(200) + "]".repeat(200) + "]"};
    private static final String[] OFFSETS = {"[0,99999999999]", "[-8,0]", "[0]", "[5,1]", "[0,0]", "[\"a\",1]",
        "[0,9223372036854775807]", "null"};

    private final List<byte[]> bases;
    private final TextMutator text;
    private final Random rnd;

    CheckpointMutator(List<byte[]> bases, TextMutator text, Random rnd) {
        this.bases = List.copyOf(bases);
        this.text = text;
        this.rnd = rnd;
    }

    Crafted next() {
        byte[] base = bases.get(rnd.nextInt(bases.size()));
        int pick = rnd.nextInt(100);
        if (pick < 35) return flips(base);
        if (pick < 65) return metadata(base);
        if (pick < 80) return tensors(base);
        if (pick < 95) return headerText(base);
        return withoutDigest(base);
    }

    /** 1 to 4 flipped bits anywhere: the checksum (or the format checks) must refuse every one. */
    private Crafted flips(byte[] base) {
        byte[] b = base.clone();
        int n = 1 + rnd.nextInt(4);
        boolean changed = false;
        StringBuilder how = new StringBuilder("bits flipped (header ends at byte " + (8 + headerLength(base)) + "):");
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(3) == 0 ? rnd.nextInt(Math.min(b.length, 8 + headerLength(base))) : rnd.nextInt(b.length);
            int bit = rnd.nextInt(8);
            b[at] ^= (byte) (1 << bit);
            how.append(' ').append(at).append('.').append(bit);
        }
        for (int i = 0; i < b.length && !changed; i++) changed = b[i] != base[i];
        return new Crafted(b, changed, how.toString());
    }

    /** A metadata entry set to an odd value or removed, the file written with a checksum that matches. */
    private Crafted metadata(byte[] base) {
        Safetensors.Contents c = parse(base);
        Map<String, String> md = new LinkedHashMap<>(c.metadata());
        int edits = 1 + rnd.nextInt(2);
        StringBuilder how = new StringBuilder("metadata");
        for (int e = 0; e < edits; e++) {
            String key = KEYS[rnd.nextInt(KEYS.length)];
            int what = rnd.nextInt(10);
            if (what == 0) {
                md.remove(key);
                how.append(" -").append(key);
            } else if (what < 4 && (key.equals("model_source") || key.equals("vocabulary")) && md.containsKey(key)) {
                md.put(key, text.tokens(md.get(key)));
                how.append(" ~").append(key);
            } else {
                String v = VALUES[rnd.nextInt(VALUES.length)];
                md.put(key, v);
                how.append(' ').append(key).append('=').append(v.length() > 20 ? v.substring(0, 20) : v);
            }
        }
        return new Crafted(Safetensors.encode(c.tensors(), md), false, how.toString());
    }

    /** A tensor dropped, renamed, or given another shape (same data, or data to match), with a valid checksum. */
    private Crafted tensors(byte[] base) {
        Safetensors.Contents c = parse(base);
        Map<String, Safetensors.Entry> ts = new LinkedHashMap<>(c.tensors());
        List<String> names = new ArrayList<>(ts.keySet());
        String name = names.get(rnd.nextInt(names.size()));
        Safetensors.Entry e = ts.get(name);
        String how;
        switch (rnd.nextInt(4)) {
            case 0 -> { ts.remove(name); how = "drop " + name; }
            case 1 -> { ts.remove(name); ts.put(name + "x", e); how = "rename " + name; }
            case 2 -> {
                Shape flat = Shape.of(e.shape().size());
                ts.put(name, e.f32() != null ? Safetensors.Entry.f32(flat, e.f32()) : Safetensors.Entry.i64(flat, e.ints()));
                how = "flatten " + name;
            }
            default -> {
                int n = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(5);
                ts.put(name, Safetensors.Entry.f32(Shape.of(n, 1), new float[n]));
                how = "resize " + name;
            }
        }
        return new Crafted(Safetensors.encode(ts, c.metadata()), false, how);
    }

    /** The JSON header edited as text (shapes, offsets, dtypes, nesting), the length prefix kept right. */
    private Crafted headerText(byte[] base) {
        int n = headerLength(base);
        String h = new String(base, 8, n, StandardCharsets.UTF_8);
        String how;
        switch (rnd.nextInt(5)) {
            case 0 -> { h = replaceOne(h, "\"shape\":\\[[0-9,]*\\]", "\"shape\":" + SHAPES[rnd.nextInt(SHAPES.length)]); how = "shape"; }
            case 1 -> { h = replaceOne(h, "\"data_offsets\":\\[[0-9,]*\\]", "\"data_offsets\":" + OFFSETS[rnd.nextInt(OFFSETS.length)]); how = "offsets"; }
            case 2 -> { h = replaceOne(h, "\"F32\"", rnd.nextBoolean() ? "\"F16\"" : rnd.nextBoolean() ? "\"I32\"" : "\"F64\""); how = "dtype"; }
            case 3 -> {
                int depth = 1 + rnd.nextInt(60_000);
                h = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "," + h.substring(1);
                how = "nesting " + depth;
            }
            default -> { h = h.substring(0, rnd.nextInt(h.length() + 1)); how = "cut header"; }
        }
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + hb.length + base.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hb.length).put(hb).put(base, 8 + n, base.length - 8 - n);
        return new Crafted(out.array(), false, "header " + how);
    }

    /** The same file as another tool would write it: no checksum. It must load (with a note). */
    private Crafted withoutDigest(byte[] base) {
        int n = headerLength(base);
        String h = new String(base, 8, n, StandardCharsets.UTF_8)
                .replaceFirst("\"" + Safetensors.DIGEST_KEY.replace(".", "\\.") + "\":\"[0-9a-f]{8}\",?", "");
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + hb.length + base.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hb.length).put(hb).put(base, 8 + n, base.length - 8 - n);
        return new Crafted(out.array(), false, "no checksum");
    }

    private String replaceOne(String h, String regex, String with) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(h);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (spans.isEmpty()) return h;
        int[] s = spans.get(rnd.nextInt(spans.size()));
        return h.substring(0, s[0]) + with + h.substring(s[1]);
    }

    private static int headerLength(byte[] b) {
        return (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static Safetensors.Contents parse(byte[] base) {
        try {
            return Safetensors.parse(base, "base checkpoint");
        } catch (Safetensors.FormatException e) {
            throw new IllegalStateException("the fuzzer's own checkpoint does not read back: " + e.getMessage(), e);
        }
    }
}
