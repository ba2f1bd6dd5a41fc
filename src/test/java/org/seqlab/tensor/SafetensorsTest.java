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

    @Test void everyFlippedBitIsRefused() throws Exception {
        byte[] good = Safetensors.encode(sample(), Map.of("model_name", "lm", "step", "12"));
        assertTrue(Safetensors.parse(good, "x").verified());
        int refused = 0;
        for (int at = 0; at < good.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = good.clone();
                b[at] ^= (byte) (1 << bit);
                try {
                    Safetensors.parse(b, "m.safetensors");
                    fail("byte " + at + " bit " + bit + " flipped, and the file still read");
                } catch (Safetensors.FormatException e) {
                    assertTrue(e.getMessage().startsWith("m.safetensors: "), e.getMessage());
                    refused++;
                }
            }
        }
        assertEquals(8 * good.length, refused);
    }

    @Test void aFlippedDataBitSaysTheFileWasDamaged() throws Exception {
        byte[] b = Safetensors.encode(sample(), Map.of());
        b[b.length - 3] ^= 4;
        var e = assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(b, "lm.safetensors"));
        assertTrue(e.getMessage().startsWith("lm.safetensors: the file was damaged or altered after it was saved: its checksum"
                + " seqlab.crc32c is \""), e.getMessage());
    }

    @Test void aFileWithoutChecksumReadsUnverified() throws Exception {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1.5f).putFloat(-2f);
        Safetensors.Contents c = Safetensors.parse(b.array(), "torch.safetensors");
        assertFalse(c.verified());
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertArrayEquals(new float[] {1.5f, -2f}, c.get("w").f32());
    }

    @Test void keysReorderedByAnotherToolStillVerify() throws Exception {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("a", "1");
        md.put("b", "2");
        byte[] good = Safetensors.encode(sample(), md);
        int n = (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String h = new String(good, 8, n, StandardCharsets.UTF_8);
        String swapped = h.replace("\"a\":\"1\",\"b\":\"2\"", "\"b\":\"2\", \"a\":\"1\"");
        assertNotEquals(h, swapped);
        byte[] hb = swapped.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + hb.length + good.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hb.length).put(hb).put(good, 8 + n, good.length - 8 - n);
        assertTrue(Safetensors.parse(b.array(), "x").verified());
    }

    @Test void aShapeWhoseElementCountOverflowsIsRefused() {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,0]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        var e = assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(b.array(), "x"));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains("more than one tensor can hold"), e.getMessage());
        assertEquals(0, Shape.of(0, 65536, 65536, 65536, 65536).size(), "a zero dimension still makes an empty shape");
    }

    @Test void deeplyNestedJsonIsRefusedNotOverflowed() {
        String header = "{\"x\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        var e = assertThrows(Safetensors.FormatException.class, () -> Safetensors.parse(b.array(), "deep.safetensors"));
        assertTrue(e.getMessage().contains("JSON nests more than 64 levels deep"), e.getMessage());
    }

    @Test void aDirectoryOrAPipeIsRefusedBeforeReading() throws Exception {
        var e = assertThrows(java.io.IOException.class, () -> Safetensors.read(dir));
        assertEquals(dir + " is a directory, not a checkpoint file", e.getMessage());
        assertThrows(java.io.IOException.class, () -> Safetensors.readMetadata(dir));
        Path fifo = dir.resolve("pipe.safetensors");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (java.io.IOException noMkfifo) {
            made = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made, "mkfifo is not available here");
        var p = assertThrows(java.io.IOException.class, () -> Safetensors.read(fifo));  // would block forever if opened
        assertTrue(p.getMessage().contains("is not a regular file"), p.getMessage());
        assertThrows(java.io.IOException.class, () -> Safetensors.readMetadata(fifo));
    }

    @Test void aSaveRemovesWhatAKilledSaveLeftBehind() throws Exception {
        Path target = dir.resolve("m.safetensors");
        Path stale = Files.writeString(dir.resolve("m.safetensors123456.tmp"), "half a file");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path fresh = Files.writeString(dir.resolve("m.safetensors987.tmp"), "another save, in progress");
        Path other = Files.writeString(dir.resolve("m.safetensorsnotes.tmp"), "not ours");
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Safetensors.write(target, sample(), Map.of());
        assertFalse(Files.exists(stale), "a stale temporary file of this name is removed");
        assertTrue(Files.exists(fresh), "a recent one may be another save's: kept");
        assertTrue(Files.exists(other), "a file that is not a temporary of ours is kept");
        assertTrue(Safetensors.read(target).verified());
    }
}
