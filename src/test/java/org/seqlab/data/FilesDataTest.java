package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesDataTest {

    private static final Path REVIEWS = Path.of("src/test/resources/data/reviews.tsv");
    private static final Path PRICES = Path.of("src/test/resources/data/prices.csv");

    @TempDir
    Path dir;

    @Test
    void labeledTextIsManyToOneClassification() {
        ExampleSet s = LabeledText.load("reviews", REVIEWS, TokenKind.WORD, 0.9, 1, 1);
        assertEquals(DataKind.CLASSIFICATION, s.kind());
        assertEquals(List.of("neg", "pos"), s.labels());
        assertEquals(72, s.train().size());
        assertEquals(8, s.validation().size());
        assertEquals(0, s.vocabulary().padId());
        assertEquals(1, s.vocabulary().unkId());
        int pos = 0;
        for (int i = 0; i < s.train().size(); i++) {
            String text = s.vocabulary().decode(s.train().input(i));
            boolean positive = s.train().label(i) == 1;
            pos += positive ? 1 : 0;
            boolean looksPositive = List.of("a great film", "loved it, truly wonderful", "what a joy!",
                    "brilliant acting and a fine story", "I'd watch it again").contains(text);
            assertEquals(positive, looksPositive, text);
        }
        assertTrue(pos > 20 && pos < 52, "shuffled before the split: " + pos);
    }

    @Test
    void labeledTextErrorsNameTheLine() throws IOException {
        Path p = dir.resolve("bad.tsv");
        Files.writeString(p, "pos\tgood\nno tab here\n");
        DataException e = assertThrows(DataException.class, () -> LabeledText.load("x", p, TokenKind.WORD, 0.9, 1, 1));
        assertEquals(p + ":2: expected 'label<TAB>text' but the line has no tab", e.getMessage());
        assertThrows(DataException.class, () -> LabeledText.load("x", dir.resolve("none.tsv"), TokenKind.WORD, 0.9, 1, 1));
    }

    @Test
    void seriesWindowsAreStandardisedWithTrainStatistics() {
        ExampleSet s = Series.load("prices", PRICES, "close", 10, 0.8);
        assertEquals(DataKind.REGRESSION, s.kind());
        assertEquals(1, s.featureSize());
        assertEquals(70, s.train().size());
        assertEquals(20, s.validation().size());
        Standardizer z = s.standardizer();
        assertEquals(100 + 79 * 0.5 / 2, z.mean(), 1e-9);
        for (int i = 0; i < s.train().size(); i++) {
            float[] x = s.train().features(i);
            assertEquals(100 + i * 0.5, z.restore(x[0]), 1e-4);
            assertEquals(100 + (i + 10) * 0.5, z.restore(s.train().value(i)), 1e-4);
        }
        assertEquals(100 + 99 * 0.5, z.restore(s.validation().value(19)), 1e-4);
    }

    @Test
    void seriesErrors() throws IOException {
        DataException e = assertThrows(DataException.class, () -> Series.load("p", PRICES, "clsoe", 10, 0.9));
        assertEquals(PRICES + " has no column 'clsoe'; its columns are date, open, close", e.getMessage());
        assertEquals("did you mean 'close'?", e.hint());
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "t,close\n1,2.5\n2,n/a\n");
        e = assertThrows(DataException.class, () -> Series.load("p", p, "close", 1, 0.5));
        assertEquals(p + ":3: 'n/a' in column 'close' is not a number", e.getMessage());
        assertThrows(DataException.class, () -> Series.load("p", PRICES, "close", 95, 0.9));
        assertEquals(List.of("a", "b,c", "d\"e"), Series.fields("a,\"b,c\",\"d\"\"e\""));
    }
}
