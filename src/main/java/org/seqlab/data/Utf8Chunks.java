package org.seqlab.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file as strictly validated UTF-8, a chunk at a time, so a 100 MB file never sits in memory
 * as one String. The first bad byte is an error naming the file and its byte offset. A leading
 * byte-order mark is skipped.
 */
final class Utf8Chunks {

    private static final int CHUNK = 1 << 20;

    /** Receives decoded text in order; a surrogate pair is never split across two calls. */
    interface Sink {
        void chars(char[] buf, int len);

        void end();
    }

    private Utf8Chunks() {
    }

    /** Errors for paths that are no readable, non-empty file; returns the file's size in bytes. */
    static long checkFile(Path path) {
        if (!Files.exists(path)) {
            throw new DataException("file not found: " + path);
        }
        if (Files.isDirectory(path)) {
            throw new DataException(path + " is a directory, not a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException(path + " is not a regular file (a device or a pipe?); data are read from text files");
        }
        if (!Files.isReadable(path)) {
            throw new DataException("cannot read " + path + ": permission denied");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw cannotRead(path, e);
        }
        if (size == 0) {
            throw new DataException(path + " is empty");
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new DataException(path + " is " + size + " bytes; files up to 2 GB are supported");
        }
        return size;
    }

    static DataException cannotRead(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException("file not found: " + path);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException("cannot read " + path + ": permission denied");
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DataException("cannot read " + path + ": " + why);
    }

    static void decode(Path path, Sink sink) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(CHUNK);
        CharBuffer out = CharBuffer.allocate(CHUNK);
        long read = 0;
        boolean first = true;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            boolean eof = false;
            while (true) {
                if (!eof) {
                    int n = ch.read(in);
                    if (n < 0) {
                        eof = true;
                    } else {
                        read += n;
                    }
                }
                in.flip();
                CoderResult r = decoder.decode(in, out, eof);
                if (r.isError()) {
                    long offset = read - in.remaining();
                    int bad = in.get(in.position()) & 0xFF;
                    throw new DataException(path + " is not valid UTF-8: byte 0x" + String.format("%02X", bad)
                            + " at byte offset " + offset + " does not fit" + (r.isMalformed() ? "" : " (unmappable)"),
                            "use tokens=bytes to read any bytes, or convert the file to UTF-8");
                }
                in.compact();
                if (r.isOverflow() || (eof && r.isUnderflow()) || out.position() > CHUNK / 2) {
                    first = emit(out, sink, first);
                }
                if (eof && r.isUnderflow()) {
                    break;
                }
            }
            out.clear();
            CoderResult r = decoder.flush(out);
            if (r.isError()) {
                throw new DataException(path + " is not valid UTF-8: it ends inside a character (byte offset " + read + ")");
            }
            emit(out, sink, first);
        } catch (IOException e) {
            throw cannotRead(path, e);
        }
        sink.end();
    }

    private static boolean emit(CharBuffer out, Sink sink, boolean first) {
        out.flip();
        char[] a = out.array();
        int len = out.limit();
        if (first && len > 0 && a[0] == '\uFEFF') {
            System.arraycopy(a, 1, a, 0, len - 1);
            len--;
            first = false;
        } else if (len > 0) {
            first = false;
        }
        if (len > 0) {
            sink.chars(a, len);
        }
        out.clear();
        return first;
    }
}
