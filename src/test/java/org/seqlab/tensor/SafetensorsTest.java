package org.seqlab.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir Path dir;

    private static Map<String, Safetensors.Entry> sample() {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        t.put("weight_ih_l0", Safetensors.Entry.f32(Shape.of(2, 3), new float[] {1, -2, 3.5f, 0, 1e-8f, -7}));
        t.put("ids", Safetensors.Entry.i64(Shape.of(4), new long[] {0, 5, -100, 3}));
        t.put("scalar", Safetensors.Entry.f32(Shape.of(), new float[] {42}));
        return t;
    }

    @Test void roundTripKeepsTensorsAndMetadata() throws Exception {
        Path f = dir.resolve("m.safetensors");
        Map<String, String> md = Map.of("source", "model lm {\n  embed 64 \"q\"\n}\t\\");
        Safetensors.write(f, sample(), md);
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(md, c.metadata());
        assertArrayEquals(new float[] {1, -2, 3.5f, 0, 1e-8f, -7}, c.get("weight_ih_l0").f32());
        assertEquals(Shape.of(2, 3), c.get("weight_ih_l0").shape());
        assertArrayEquals(new long[] {0, 5, -100, 3}, c.get("ids").ints());
        assertEquals(Shape.of(), c.get("scalar").shape());
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "header padded to 8 bytes");
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "no temporary file left behind"); }
    }

    @Test void readsI32AndF64WrittenByHand() throws Exception {
        String header = "{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putInt(7).putInt(-3).putDouble(0.25);
        Safetensors.Contents c = Safetensors.parse(b.array(), "x");
        assertArrayEquals(new int[] {7, -3}, c.get("a").intValues());
        assertArrayEquals(new float[] {0.25f}, c.get("b").floats());
    }

    @Test void truncatedFileIsRejected() {
        byte[] bytes = Safetensors.encode(sample(), Map.of());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        var e = assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(cut, "cut.safetensors"));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
        assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(Arrays.copyOf(bytes, 5), "x"));
        assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(Arrays.copyOf(bytes, 20), "x"));
    }

    @Test void alteredFilesAreRejected() {
        byte[] bytes = Safetensors.encode(sample(), Map.of());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 4);
        assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(longer, "x"));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] badShape = text.replace("\"shape\":[2,3]", "\"shape\":[3,3]").getBytes(StandardCharsets.ISO_8859_1);
        var e = assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(badShape, "x"));
        assertTrue(e.getMessage().contains("weight_ih_l0"), e.getMessage());
        byte[] badDtype = text.replace("\"F32\"", "\"F16\"").getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(badDtype, "x"));
        byte[] badJson = text.replaceFirst("\\{", "[").getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(badJson, "x"));
    }
}
