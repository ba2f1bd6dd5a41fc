package org.seqlab.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns text into a {@link Corpus} in one streaming pass and a few passes over the id array:
 * scan to provisional ids, count the training split, build the vocabulary, remap in place.
 */
final class CorpusLoader {

    private CorpusLoader() {
    }

    static Corpus load(String name, Path path, TokenKind kind, double split, int minCount) {
        checkArguments(split, minCount);
        long size = Utf8Chunks.checkFile(path);
        if (kind == TokenKind.BYTES) {
            return bytes(name, path, (int) size, split);
        }
        // Code points never outnumber bytes; words are far fewer, so start smaller and grow.
        IdBuffer ids = new IdBuffer(kind == TokenKind.CHAR ? (int) size : (int) Math.min(size / 4 + 16, size));
        TextScanners.Scanner scanner = TextScanners.of(kind, ids);
        Utf8Chunks.decode(path, scanner);
        if (ids.size() == 0) {
            throw new DataException(path + (kind == TokenKind.CHAR ? " has no text" : " has no word tokens (only whitespace)"));
        }
        return finish(name, path.toString(), ids, scanner.tokens(), kind, trainEnd(ids.size(), split), minCount, Map.of());
    }

    static Corpus fromText(String name, String source, String text, TokenKind kind, double split, int minCount,
                           Map<String, String> categories) {
        return fromText(name, source, text, kind, split, minCount, categories, -1);
    }

    /** As above; {@code trainTokens} >= 0 puts the split there instead of at {@code split} of the tokens. */
    static Corpus fromText(String name, String source, String text, TokenKind kind, double split, int minCount,
                           Map<String, String> categories, int trainTokens) {
        checkArguments(split, minCount);
        if (kind == TokenKind.BYTES) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            IdBuffer ids = new IdBuffer(bytes.length);
            for (byte b : bytes) {
                ids.add(b & 0xFF);
            }
            return byteCorpus(name, source, ids, split);
        }
        IdBuffer ids = new IdBuffer(text.length());
        TextScanners.Scanner scanner = TextScanners.of(kind, ids);
        char[] chars = text.toCharArray();
        scanner.chars(chars, chars.length);
        scanner.end();
        if (ids.size() == 0) {
            throw new DataException("the text has no " + kind.spelling() + " tokens");
        }
        int end = trainTokens >= 0 ? Math.min(trainTokens, ids.size()) : trainEnd(ids.size(), split);
        return finish(name, source, ids, scanner.tokens(), kind, end, minCount, categories);
    }

    private static void checkArguments(double split, int minCount) {
        if (!(split > 0 && split <= 1)) {
            throw new DataException("split=" + split + " must be above 0 and at most 1 (the training share, e.g. 0.9)");
        }
        if (minCount < 1) {
            throw new DataException("min_count=" + minCount + " must be at least 1");
        }
    }

    private static int trainEnd(int n, double split) {
        return split >= 1 ? n : Math.max(1, (int) Math.floor(n * split));
    }

    private static Corpus bytes(String name, Path path, int size, double split) {
        IdBuffer ids = new IdBuffer(size);
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    ids.add(buf.get() & 0xFF);
                }
                buf.clear();
            }
        } catch (IOException e) {
            throw Utf8Chunks.cannotRead(path, e);
        }
        return byteCorpus(name, path.toString(), ids, split);
    }

    private static Corpus byteCorpus(String name, String source, IdBuffer ids, double split) {
        if (ids.size() == 0) {
            throw new DataException("the text is empty");
        }
        ids.trim();
        Vocabulary vocab = new Vocabulary(TokenKind.BYTES, ByteTokenizer.names());
        int end = trainEnd(ids.size(), split);
        return new Corpus(name, source, vocab, ids.view(0, end), ids.view(end, ids.size() - end), Map.of());
    }

    /** Vocabulary from the training split's counts; every id remapped in place. */
    private static Corpus finish(String name, String source, IdBuffer ids, List<String> provisional, TokenKind kind,
                                 int end, int minCount, Map<String, String> categories) {
        int n = ids.size();
        int p = provisional.size();
        long[] counts = new long[p];
        for (int i = 0; i < end; i++) {
            counts[ids.get(i)]++;
        }
        List<Integer> kept = new ArrayList<>();
        for (int id = 0; id < p; id++) {
            if (counts[id] >= minCount) {
                kept.add(id);
            }
        }
        boolean needUnk = kind == TokenKind.WORD || kept.size() < p;
        Comparator<Integer> order = kind == TokenKind.CHAR
                ? Comparator.comparingInt(id -> provisional.get(id).codePointAt(0))
                : Comparator.<Integer>comparingLong(id -> -counts[id]).thenComparing(provisional::get);
        kept.sort(order);
        List<String> tokens = new ArrayList<>(kept.size() + 1);
        if (needUnk) {
            tokens.add(Vocabulary.UNK);
        }
        int[] map = new int[p];
        java.util.Arrays.fill(map, 0);
        for (int id : kept) {
            map[id] = tokens.size();
            tokens.add(provisional.get(id));
        }
        ids.remap(map, tokens.size() - 1);
        ids.trim();
        Vocabulary vocab = new Vocabulary(kind, tokens);
        return new Corpus(name, source, vocab, ids.view(0, end), ids.view(end, n - end), categories);
    }
}
