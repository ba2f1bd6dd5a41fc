package org.seqlab.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * {name: {dtype, shape, data_offsets:[begin,end]}, "__metadata__": {string: string}}, then raw
 * little-endian data. Reads F32, F64, I64 and I32; writes F32 and I64. Every size and offset is
 * validated, so a truncated or altered file is a clear error, never a wrong tensor.
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;
    private static final long MAX_FILE = Integer.MAX_VALUE - 8;

    /**
     * The metadata entry holding a CRC-32C of the header's meaning (metadata and tensor layout) and of all
     * tensor data, as 8 hex digits. CRC-32C rather than SHA-256: the threat is damage (a bad disk, a cut
     * copy, a flipped bit), not an adversary, who could rewrite any unkeyed digest anyway; CRC-32C catches
     * every burst of up to 32 flipped bits and all but 1 in 4 billion other damage, and it runs in hardware
     * at several GB/s, so verifying costs nothing next to reading the file.
     */
    public static final String DIGEST_KEY = "seqlab.crc32c";

    private Safetensors() {}

    /** One stored tensor: float data (F32/F64) or integer data (I64/I32), never both. */
    public record Entry(String dtype, Shape shape, float[] f32, long[] ints) {
        public static Entry f32(Shape shape, float[] data) {
            if (data.length != shape.size()) throw new IllegalArgumentException(data.length + " values for shape " + shape);
            return new Entry("F32", shape, data, null);
        }

        public static Entry i64(Shape shape, long[] data) {
            if (data.length != shape.size()) throw new IllegalArgumentException(data.length + " values for shape " + shape);
            return new Entry("I64", shape, null, data);
        }

        /** The values as floats (integer tensors are converted). */
        public float[] floats() {
            if (f32 != null) return f32;
            float[] out = new float[ints.length];
            for (int k = 0; k < out.length; k++) out[k] = ints[k];
            return out;
        }

        /** The values as ints (float tensors must hold whole numbers). */
        public int[] intValues() {
            int[] out = new int[shape.size()];
            for (int k = 0; k < out.length; k++) out[k] = ints != null ? (int) ints[k] : (int) f32[k];
            return out;
        }
    }

    /**
     * A file's tensors in header order, and its metadata (without the checksum entry). {@code verified}:
     * the file carried a {@link #DIGEST_KEY} and it matched; false for a file written without one (by
     * another tool, or by seqlab before checksums).
     */
    public record Contents(Map<String, Entry> tensors, Map<String, String> metadata, boolean verified) {
        public Entry get(String name) {
            Entry e = tensors.get(name);
            if (e == null) throw new IllegalArgumentException("no tensor named '" + name + "' (have " + tensors.keySet() + ")");
            return e;
        }
    }

    /** Thrown for a file that is not valid safetensors; the message names the file and the problem. */
    public static final class FormatException extends IOException {
        public FormatException(String msg) { super(msg); }
    }

    public static Contents read(Path file) throws IOException {
        long size = regularFileSize(file);
        if (size > MAX_FILE) {
            throw new IOException(file + " is " + size + " bytes; a checkpoint seqlab reads is at most " + MAX_FILE + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * The size of {@code file}, after making sure it is a regular file: a directory, a FIFO (whose
     * reading would block until a writer comes) or a device such as /dev/zero (endless) is refused
     * before it is opened.
     */
    private static long regularFileSize(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (a.isDirectory()) throw new IOException(file + " is a directory, not a checkpoint file");
        if (!a.isRegularFile()) throw new IOException(file + " is not a regular file (a pipe, socket or device); seqlab reads checkpoints from files");
        return a.size();
    }

    /** Only a file's metadata, reading its header and not its tensors. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        regularFileSize(file);
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] len = in.readNBytes(8);
            if (len.length < 8) throw bad(file.toString(), "file is shorter than the 8-byte header length");
            long headerLen = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER) throw bad(file.toString(), "header length " + headerLen + " is not plausible");
            byte[] header = in.readNBytes((int) headerLen);
            if (header.length < headerLen) throw bad(file.toString(), "header is cut short (truncated?)");
            Object parsed;
            try {
                parsed = Json.parse(utf8(header, 0, header.length, file.toString()));
            } catch (IllegalArgumentException e) {
                throw bad(file.toString(), "header is not valid JSON: " + e.getMessage());
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            if (parsed instanceof Map<?, ?> map && map.get("__metadata__") instanceof Map<?, ?> md) {
                for (Map.Entry<?, ?> m : md.entrySet()) if (m.getValue() instanceof String v) metadata.put((String) m.getKey(), v);
            }
            metadata.remove(DIGEST_KEY);
            return metadata;
        }
    }

    public static Contents parse(byte[] bytes, String where) throws FormatException {
        if (bytes.length < 8) throw bad(where, "file is " + bytes.length + " bytes, shorter than the 8-byte header length");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > bytes.length - 8) {
            throw bad(where, "header length " + headerLen + " does not fit a file of " + bytes.length + " bytes (truncated?)");
        }
        String headerText = utf8(bytes, 8, (int) headerLen, where);
        Object header;
        try {
            header = Json.parse(headerText);
        } catch (IllegalArgumentException e) {
            throw bad(where, "header is not valid JSON: " + e.getMessage());
        }
        if (!(header instanceof Map<?, ?> map)) throw bad(where, "header is not a JSON object");
        int dataStart = 8 + (int) headerLen;
        long dataLen = bytes.length - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> md)) throw bad(where, "__metadata__ is not an object");
                for (Map.Entry<?, ?> m : md.entrySet()) {
                    if (!(m.getValue() instanceof String v)) throw bad(where, "metadata value '" + m.getKey() + "' is not a string");
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) throw bad(where, "tensor '" + name + "' is not an object");
            if (!(info.get("dtype") instanceof String dtype)) throw bad(where, "tensor '" + name + "' has no dtype");
            int width = switch (dtype) {
                case "F32", "I32" -> 4;
                case "F64", "I64" -> 8;
                default -> throw bad(where, "tensor '" + name + "' has dtype " + dtype + "; seqlab reads F32, F64, I64, I32");
            };
            Shape shape = shapeOf(info.get("shape"), name, where);
            long[] off = offsetsOf(info.get("data_offsets"), name, where);
            long expected = (long) shape.size() * width;
            if (off[0] < 0 || off[1] < off[0] || off[1] > dataLen) {
                throw bad(where, "tensor '" + name + "' has data_offsets [" + off[0] + ", " + off[1]
                        + "] outside the " + dataLen + " data bytes (truncated?)");
            }
            if (off[1] - off[0] != expected) {
                throw bad(where, "tensor '" + name + "' of " + dtype + " shape " + shape + " needs " + expected
                        + " bytes, its data_offsets span " + (off[1] - off[0]));
            }
            ranges.add(off);
            ByteBuffer d = ByteBuffer.wrap(bytes, dataStart + (int) off[0], (int) expected).slice().order(ByteOrder.LITTLE_ENDIAN);
            int n = shape.size();
            Entry entry;
            switch (dtype) {
                case "F32" -> { float[] f = new float[n]; d.asFloatBuffer().get(f); entry = new Entry(dtype, shape, f, null); }
                case "F64" -> { float[] f = new float[n]; for (int k = 0; k < n; k++) f[k] = (float) d.getDouble(8 * k); entry = new Entry(dtype, shape, f, null); }
                case "I64" -> { long[] l = new long[n]; d.asLongBuffer().get(l); entry = new Entry(dtype, shape, null, l); }
                default -> { long[] l = new long[n]; for (int k = 0; k < n; k++) l[k] = d.getInt(4 * k); entry = new Entry(dtype, shape, null, l); }
            }
            tensors.put(name, entry);
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long pos = 0;
        for (long[] r : ranges) {
            if (r[0] < pos) throw bad(where, "tensor data ranges overlap at byte " + r[0]);
            if (r[0] > pos) throw bad(where, "tensor data has a gap at bytes [" + pos + ", " + r[0] + ")");
            pos = r[1];
        }
        if (pos != dataLen) throw bad(where, "file has " + (dataLen - pos) + " bytes after the last tensor (altered?)");
        String stored = metadata.remove(DIGEST_KEY);
        for (String k : metadata.keySet()) {
            if (nearDigestKey(k)) throw bad(where, "its metadata key '" + k + "' looks like " + DIGEST_KEY + " with flipped bits (damaged?)");
        }
        if (stored != null) {
            CRC32C crc = new CRC32C();
            crc.update(canonical(metadata, descriptions(map)));
            crc.update(bytes, dataStart, (int) dataLen);
            String actual = hex(crc.getValue());
            if (!actual.equals(stored)) {
                throw new FormatException(where + ": the file was damaged or altered after it was saved: its checksum "
                        + DIGEST_KEY + " is " + Json.quote(stored) + ", its contents give \"" + actual + "\"");
            }
        }
        return new Contents(tensors, metadata, stored != null);
    }

    /**
     * Whether {@code key} is the checksum's key with up to four characters changed: a damaged file whose
     * checksum entry would otherwise read as absent, and the file as one written by another tool.
     */
    private static boolean nearDigestKey(String key) {
        if (key.length() != DIGEST_KEY.length() || key.equals(DIGEST_KEY)) return false;
        int diff = 0;
        for (int i = 0; i < key.length(); i++) if (key.charAt(i) != DIGEST_KEY.charAt(i)) diff++;
        return diff <= 4;
    }

    /** The header as text; bytes that are not UTF-8 (a flipped high bit, say) are refused, not replaced. */
    private static String utf8(byte[] b, int from, int length, String where) throws FormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw bad(where, "its header is not UTF-8 text (damaged?)");
        }
    }

    /** Each tensor's header entry as "name dtype [dims] [begin,end]", from the parsed header. */
    private static Map<String, String> descriptions(Map<?, ?> header) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            Map<?, ?> info = (Map<?, ?>) e.getValue();
            out.put((String) e.getKey(), info.get("dtype") + " " + info.get("shape") + " " + info.get("data_offsets"));
        }
        return out;
    }

    /**
     * What the checksum covers besides the data: every metadata entry but the checksum and every tensor's
     * dtype, shape and offsets, in sorted order, so that a tool which rewrites the header with its keys in
     * another order or other spacing does not break the check, while any changed value does.
     */
    private static byte[] canonical(Map<String, String> metadata, Map<String, String> tensors) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> m : new java.util.TreeMap<>(metadata).entrySet()) {
            if (!m.getKey().equals(DIGEST_KEY)) b.append(m.getKey()).append('\0').append(m.getValue()).append('\0');
        }
        b.append('\1');
        for (Map.Entry<String, String> t : tensors.entrySet()) b.append(t.getKey()).append('\0').append(t.getValue()).append('\0');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
    }

    private static Shape shapeOf(Object o, String name, String where) throws FormatException {
        if (!(o instanceof List<?> l)) throw bad(where, "tensor '" + name + "' has no shape list");
        int[] dims = new int[l.size()];
        for (int k = 0; k < dims.length; k++) {
            if (!(l.get(k) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) throw bad(where, "tensor '" + name + "' has a bad shape " + l);
            dims[k] = (int) (long) v;
        }
        try {
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw bad(where, "tensor '" + name + "': " + e.getMessage());
        }
    }

    private static long[] offsetsOf(Object o, String name, String where) throws FormatException {
        if (!(o instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Long b) || !(l.get(1) instanceof Long e)) {
            throw bad(where, "tensor '" + name + "' needs data_offsets [begin, end]");
        }
        return new long[] {b, e};
    }

    private static FormatException bad(String where, String msg) {
        return new FormatException(where + ": not a valid safetensors file: " + msg);
    }

    /**
     * The file's bytes: header (padded with spaces to a multiple of 8) then each tensor's data in order.
     * The metadata gets a {@link #DIGEST_KEY} entry, first, whose value is filled in once the data is laid out.
     */
    public static byte[] encode(Map<String, Entry> tensors, Map<String, String> metadata) {
        Map<String, String> md = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        md.remove(DIGEST_KEY);
        String digestStart = "{\"__metadata__\":{" + Json.quote(DIGEST_KEY) + ":\"";
        StringBuilder h = new StringBuilder(digestStart).append("00000000\"");
        for (Map.Entry<String, String> m : md.entrySet()) {
            h.append(',').append(Json.quote(m.getKey())).append(':').append(Json.quote(m.getValue()));
        }
        h.append('}');
        Map<String, String> described = new java.util.TreeMap<>();
        long off = 0;
        for (Map.Entry<String, Entry> t : tensors.entrySet()) {
            Entry e = t.getValue();
            if (!e.dtype().equals("F32") && !e.dtype().equals("I64")) throw new IllegalArgumentException("cannot write dtype " + e.dtype());
            long len = (long) e.shape().size() * (e.dtype().equals("F32") ? 4 : 8);
            h.append(',');
            h.append(Json.quote(t.getKey())).append(":{\"dtype\":\"").append(e.dtype()).append("\",\"shape\":[");
            int[] dims = e.shape().dims();
            List<Long> shape = new ArrayList<>();
            for (int k = 0; k < dims.length; k++) {
                h.append(k > 0 ? "," : "").append(dims[k]);
                shape.add((long) dims[k]);
            }
            h.append("],\"data_offsets\":[").append(off).append(',').append(off + len).append("]}");
            described.put(t.getKey(), e.dtype() + " " + shape + " " + List.of(off, off + len));
            off += len;
        }
        h.append('}');
        while ((h.toString().getBytes(StandardCharsets.UTF_8).length) % 8 != 0) h.append(' ');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        if (8L + header.length + off > MAX_FILE) throw new IllegalArgumentException("checkpoint larger than 2 GB");
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + (int) off).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        int dataStart = out.position();
        for (Entry e : tensors.values()) {
            if (e.f32() != null) for (float v : e.f32()) out.putFloat(v);
            else for (long v : e.ints()) out.putLong(v);
        }
        byte[] bytes = out.array();
        CRC32C crc = new CRC32C();
        crc.update(canonical(md, described));
        crc.update(bytes, dataStart, bytes.length - dataStart);
        byte[] digest = hex(crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digest, 0, bytes, 8 + digestStart.getBytes(StandardCharsets.UTF_8).length, digest.length);
        return bytes;
    }

    /** Writes atomically: a temporary file beside the target, then a rename over it. */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        byte[] bytes = encode(tensors, metadata);
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException("there is no directory " + dir + " to save into");
        removeStaleTemporaries(dir, abs.getFileName().toString());
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file older than this, beside a file being saved, is a leftover of a save that was killed. */
    static final long STALE_MILLIS = 10 * 60 * 1000;

    /**
     * Deletes NAME&lt;digits&gt;.tmp files that a killed save of the same file left in {@code dir}; only those
     * untouched for {@link #STALE_MILLIS}, so that a save in progress elsewhere keeps its own. A file that
     * cannot be deleted is left (the save goes on).
     */
    static void removeStaleTemporaries(Path dir, String name) {
        long now = System.currentTimeMillis();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(name) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : ds) {
                String fn = p.getFileName().toString();
                if (fn.length() <= name.length() + 4) continue;
                if (!fn.substring(name.length(), fn.length() - 4).chars().allMatch(Character::isDigit)) continue;
                try {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && now - Files.getLastModifiedTime(p).toMillis() > STALE_MILLIS) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // not ours to fight over: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // a directory that cannot be listed does not stop the save
        }
    }
}
