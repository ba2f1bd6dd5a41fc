package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Loads a generated 100 MB text file (written to the temp directory, deleted afterwards) as char
 * and word corpora and prints load time and heap. Run with: mvn test -Pslow -Dtest=CorpusScaleTest
 */
@Tag("slow")
class CorpusScaleTest {

    private static final long SIZE = 100L * 1000 * 1000;

    @Test
    void hundredMegabytes() throws IOException {
        Path file = Files.createTempFile("seqlab-100mb", ".txt");
        try {
            generate(file);
            assertEquals(true, Files.size(file) >= SIZE);
            for (TokenKind kind : new TokenKind[] {TokenKind.CHAR, TokenKind.WORD, TokenKind.BYTES}) {
                long base = usedAfterGc();
                resetPeaks();
                long t0 = System.nanoTime();
                Corpus c = Corpus.load(file, kind, 0.9, kind == TokenKind.WORD ? 2 : 1);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long peak = peakHeap() - base;
                long retained = usedAfterGc() - base;
                System.out.printf("100MB %-5s load %,6d ms, %,d tokens x %d bytes, vocabulary %,d, "
                                + "heap retained %,d MB, peak above baseline ~%,d MB%n",
                        kind.spelling(), ms, c.train().length() + c.validation().length(), c.train().bytesPerToken(),
                        c.vocabulary().size(), retained >> 20, peak >> 20);
                assertTrue(c.train().length() > 0);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Zipf-ish words of a 60,000-word lexicon, punctuation, line breaks and a little non-ASCII text. */
    private static void generate(Path file) throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        String[] lexicon = new String[60_000];
        for (int i = 0; i < lexicon.length; i++) {
            StringBuilder w = new StringBuilder();
            int len = 2 + rnd.nextInt(8);
            for (int k = 0; k < len; k++) {
                w.append((char) ('a' + rnd.nextInt(26)));
            }
            if (i % 500 == 0) {
                w.append("é");
            }
            lexicon[i] = w.toString();
        }
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            while (written < SIZE) {
                line.setLength(0);
                int words = 5 + rnd.nextInt(12);
                for (int k = 0; k < words; k++) {
                    double u = rnd.nextDouble();
                    int idx = (int) Math.min(lexicon.length - 1, Math.floor(Math.pow(lexicon.length, u)) - 1);
                    line.append(k == 0 ? "" : " ").append(lexicon[Math.max(0, idx)]);
                    if (rnd.nextInt(10) == 0) {
                        line.append(',');
                    }
                }
                line.append(rnd.nextInt(4) == 0 ? "?\n" : ".\n");
                out.append(line);
                written += line.length();
            }
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
