package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void charCorpusSplitsAndBuildsSortedVocabulary() throws IOException {
        Path p = write("t.txt", "hello world\n".repeat(10).getBytes(StandardCharsets.UTF_8));
        Corpus c = Corpus.load(p, TokenKind.CHAR, 0.9, 1);
        assertEquals("t", c.name());
        assertEquals(List.of("\n", " ", "d", "e", "h", "l", "o", "r", "w"), c.vocabulary().tokens());
        assertEquals(108, c.train().length());
        assertEquals(12, c.validation().length());
        assertEquals(2, c.train().bytesPerToken());
        String all = c.vocabulary().decode(c.train().toArray()) + c.vocabulary().decode(c.validation().toArray());
        assertEquals("hello world\n".repeat(10), all);
    }

    @Test
    void charValidationOnlyCharacterBecomesUnk() {
        Corpus c = Corpus.fromText("x", "aaaaaaaaab", TokenKind.CHAR, 0.9, 1);
        assertEquals(List.of("<unk>", "a"), c.vocabulary().tokens());
        assertEquals(0, c.validation().get(0));
    }

    @Test
    void wordCorpusCountsAndMinCount() {
        String text = "the cat sat . the dog sat . the cat ran . a bird";
        Corpus c = Corpus.fromText("w", text, TokenKind.WORD, 0.86, 2);
        Vocabulary v = c.vocabulary();
        assertEquals("<unk>", v.token(0));
        assertEquals(List.of("<unk>", ".", "the", "cat", "sat"), v.tokens());
        assertEquals("the cat sat. the <unk> sat. the cat <unk>.", v.decode(c.train().toArray()));
        assertEquals("<unk> <unk>", v.decode(c.validation().toArray()));
    }

    @Test
    void wordScannerMatchesTokenizerAcrossChunks() throws IOException {
        StringBuilder sb = new StringBuilder();
        String[] pieces = {"don't ", "x'", " 'y ", "naïve, ", "😀ok ", "a-b ", "end.\n", "it’s "};
        for (int i = 0; i < 300_000; i++) {
            sb.append(pieces[(i * 7) % pieces.length]);
        }
        String text = sb.toString();
        Path p = write("big.txt", text.getBytes(StandardCharsets.UTF_8));
        Corpus c = Corpus.load(p, TokenKind.WORD, 1.0, 1);
        List<String> expected = Tokenizer.of(TokenKind.WORD).split(text);
        assertEquals(expected.size(), c.train().length());
        for (int i = 0; i < expected.size(); i += 997) {
            assertEquals(expected.get(i), c.vocabulary().token(c.train().get(i)), "token " + i);
        }
        Corpus chars = Corpus.load(p, TokenKind.CHAR, 1.0, 1);
        assertEquals(text.codePointCount(0, text.length()), chars.train().length());
        assertEquals(text, chars.vocabulary().decode(chars.train().toArray()));
    }

    @Test
    void bytesCorpusTakesAnyBytes() throws IOException {
        Path p = write("b.bin", new byte[] {(byte) 0xFF, 'a', 0, (byte) 0xC3});
        Corpus c = Corpus.load(p, TokenKind.BYTES, 0.5, 1);
        assertEquals(256, c.vocabulary().size());
        assertArrayEquals(new int[] {255, 97}, c.train().toArray());
        assertArrayEquals(new int[] {0, 195}, c.validation().toArray());
    }

    @Test
    void badUtf8NamesFileAndOffset() throws IOException {
        byte[] bytes = "abc é".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = 'x';
        bad[bytes.length + 1] = (byte) 0xE9;
        bad[bytes.length + 2] = 'y';
        Path p = write("bad.txt", bad);
        DataException e = assertThrows(DataException.class, () -> Corpus.load(p, TokenKind.CHAR, 0.9, 1));
        assertEquals(p + " is not valid UTF-8: byte 0xE9 at byte offset 7 does not fit", e.getMessage());
        assertTrue(e.hint().contains("tokens=bytes"));
    }

    @Test
    void badUtf8FarIntoALargeFile() throws IOException {
        byte[] bad = new byte[3_000_000];
        java.util.Arrays.fill(bad, (byte) 'a');
        bad[2_500_001] = (byte) 0x80;
        Path p = write("far.txt", bad);
        DataException e = assertThrows(DataException.class, () -> Corpus.load(p, TokenKind.WORD, 0.9, 1));
        assertTrue(e.getMessage().endsWith("byte 0x80 at byte offset 2500001 does not fit"), e.getMessage());
    }

    @Test
    void truncatedCharacterAtEnd() throws IOException {
        Path p = write("cut.txt", new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82});
        DataException e = assertThrows(DataException.class, () -> Corpus.load(p, TokenKind.CHAR, 0.9, 1));
        assertTrue(e.getMessage().contains("byte offset 2"), e.getMessage());
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        Path p = write("bom.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'});
        Corpus c = Corpus.load(p, TokenKind.CHAR, 1.0, 1);
        assertEquals("hi", c.vocabulary().decode(c.train().toArray()));
    }

    @Test
    void fileErrorsNameThePath() throws IOException {
        Path missing = dir.resolve("nope.txt");
        assertEquals("file not found: " + missing,
                assertThrows(DataException.class, () -> Corpus.load(missing, TokenKind.CHAR, 0.9, 1)).getMessage());
        assertEquals(dir + " is a directory, not a file",
                assertThrows(DataException.class, () -> Corpus.load(dir, TokenKind.CHAR, 0.9, 1)).getMessage());
        Path empty = write("empty.txt", new byte[0]);
        assertEquals(empty + " is empty",
                assertThrows(DataException.class, () -> Corpus.load(empty, TokenKind.WORD, 0.9, 1)).getMessage());
        Path blank = write("blank.txt", "  \n\t ".getBytes(StandardCharsets.UTF_8));
        assertEquals(blank + " has no word tokens (only whitespace)",
                assertThrows(DataException.class, () -> Corpus.load(blank, TokenKind.WORD, 0.9, 1)).getMessage());
        assertThrows(DataException.class, () -> Corpus.load(blank, TokenKind.CHAR, 1.5, 1));
    }

    @Test
    void unreadableFileNamesThePath() throws IOException {
        Path p = write("secret.txt", "abc".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(p)) {
            return; // running as root: permissions are not enforced
        }
        assertEquals("cannot read " + p + ": permission denied",
                assertThrows(DataException.class, () -> Corpus.load(p, TokenKind.CHAR, 0.9, 1)).getMessage());
    }

    @Test
    void largeVocabulariesUseFourBytes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            sb.append('w').append(i).append(' ');
        }
        Corpus c = Corpus.fromText("many", sb.toString(), TokenKind.WORD, 1.0, 1);
        assertEquals(70_001, c.vocabulary().size());
        assertEquals(4, c.train().bytesPerToken());
        assertEquals("w69999", c.vocabulary().token(c.train().get(69_999)));
        Corpus fewer = Corpus.fromText("many", sb + sb.substring(0, 60), TokenKind.WORD, 1.0, 2);
        assertEquals(2, fewer.train().bytesPerToken());
        assertFalse(fewer.describe().isEmpty());
    }
}
