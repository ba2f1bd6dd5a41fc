package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.Diagnostic;
import org.seqlab.nn.Embedding;
import org.seqlab.session.ModelSession;

/** {@code embed N from "vectors.txt" [freeze]}: GloVe / word2vec text vectors in a word-level model. */
class PretrainedEmbeddingTest {
    private static final Path RESOURCES = Path.of("src/test/resources/vectors");
    @TempDir
    Path dir;

    private Path copy(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.copy(RESOURCES.resolve(name), p);
        return p;
    }

    private static String model(Path vectors, String flags) {
        return "model lm {\n  embed 4 from \"" + vectors + "\"" + flags + "\n  layer lstm(hidden=8)\n  output softmax\n}\n";
    }

    private static float[] row(EngineHarness h, String word) {
        Vocabulary v = h.session("lm").compiled.data().vocabulary();
        float[] w = ((Embedding) h.session("lm").state.model().inputLayer()).weight().value().toHost();
        return Arrays.copyOfRange(w, v.id(word) * 4, v.id(word) * 4 + 4);
    }

    private static String after(EngineHarness h, String statement) {
        int from = h.output().length();
        h.run(statement);
        return h.output().substring(from);
    }

    @Test
    void gloveVectorsFillTheirRowsAndTheRestKeepTheirInit() throws Exception {
        Path glove = copy("tiny_glove.txt");
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + model(glove, "") + "evaluate lm on elman\n");
        int size = h.session("lm").compiled.data().vocabulary().size();
        String note = h.output().lines().filter(l -> l.startsWith("embed: ")).findFirst().orElseThrow();
        assertTrue(note.startsWith("embed: 8 of " + size + " tokens have vectors in " + glove + "; " + (size - 8)
                + " keep the default random init ('"), note);
        assertArrayEquals(new float[] {-1, 1, 0, 0}, row(h, "boy"));
        assertArrayEquals(new float[] {0, 0, 0.1f, 1}, row(h, "bread"));
        assertFalse(Arrays.equals(new float[4], row(h, "eat")), "a word without a vector keeps its random init");

        assertEquals("similarity 'man' 'woman' = 0.0000 (cosine of embeddings)", after(h, "similarity \"man\" \"woman\"").strip());
        String a = after(h, "analogy \"woman\" - \"man\" + \"boy\" k=1");
        assertTrue(a.lines().anyMatch(l -> l.contains("girl")), a);

        EngineHarness w2v = new EngineHarness().run(EngineHarness.DATA + model(copy("tiny_word2vec.txt"), "") + "evaluate lm on elman\n");
        assertArrayEquals(row(h, "boy"), row(w2v, "boy"), "word2vec's header line is read and skipped");
        assertArrayEquals(row(h, "eat"), row(w2v, "eat"));
    }

    @Test
    void beforeTheModelMeetsItsDataInspectionsLookAtTheFile() throws Exception {
        EngineHarness h = new EngineHarness().run(model(copy("tiny_glove.txt"), " freeze"));
        String near = after(h, "inspect embedding nearest \"man\" k=2");
        assertTrue(near.contains("nearest to 'man'") && near.contains("king"), "king is in the file, not in any data: " + near);
        String a = after(h, "analogy \"king\" - \"man\" + \"woman\" k=1");
        assertTrue(a.lines().anyMatch(l -> l.contains("queen")), a);
    }

    @Test
    void frozenVectorsDoNotMoveAndSurviveSaveAndLoad() throws Exception {
        Path glove = copy("tiny_glove.txt");
        String train = "train lm on elman steps=5 batch=4 seq=8 lr=1e-2 optimizer=adamw weight_decay=0.5\n";
        EngineHarness frozen = new EngineHarness().run(EngineHarness.DATA + model(glove, " freeze") + "evaluate lm on elman\n");
        float[] eatBefore = row(frozen, "eat");
        frozen.run(train);
        assertTrue(frozen.output().contains("; frozen"), frozen.output());
        assertArrayEquals(new float[] {-1, 1, 0, 0}, row(frozen, "boy"), "no gradient step and no weight decay");
        assertArrayEquals(eatBefore, row(frozen, "eat"), "rows without a vector are frozen as well");

        EngineHarness learned = new EngineHarness().run(EngineHarness.DATA + model(glove, "") + train);
        assertFalse(Arrays.equals(new float[] {-1, 1, 0, 0}, row(learned, "boy")), "without freeze the vectors train");

        Path ckpt = dir.resolve("lm.safetensors");
        frozen.run("save \"" + ckpt + "\"\n");
        Files.delete(glove);
        EngineHarness loaded = new EngineHarness().run(EngineHarness.DATA + "load \"" + ckpt + "\"\n");
        assertArrayEquals(new float[] {-1, 1, 0, 0}, row(loaded, "boy"), "the checkpoint carries the frozen vectors");
        assertArrayEquals(eatBefore, row(loaded, "eat"));
        loaded.run(train);
        assertArrayEquals(eatBefore, row(loaded, "eat"), "still frozen after loading");
    }

    @Test
    void anEncoderDecoderLoadsVectorsToo() throws Exception {
        Path letters = dir.resolve("letters.txt");
        Files.writeString(letters, "a 1 0 0 0\nb 0 1 0 0\n");
        EngineHarness h = new EngineHarness().run("task reverse length=4 symbols=4 samples=100\n"
                + "model t {\n encoder { embed 4 from \"" + letters + "\" freeze; layer gru(hidden=8) }\n"
                + " decoder { embed 4; layer gru(hidden=8); attention over=encoder; output softmax }\n}\n"
                + "train t on reverse steps=2 batch=8\n");
        ModelSession s = h.interp.workspace().model("t");
        Vocabulary v = s.compiled.data().vocabulary();
        float[] w = ((Embedding) s.encoderDecoder().encoder().inputLayer()).weight().value().toHost();
        assertArrayEquals(new float[] {0, 1, 0, 0}, Arrays.copyOfRange(w, v.id("b") * 4, v.id("b") * 4 + 4));
    }

    /** The frozen table of an encoder-decoder is in its checkpoint too, so load gives it back without the vectors file. */
    @Test
    void anEncoderDecoderCheckpointCarriesItsFrozenVectors() throws Exception {
        Path letters = dir.resolve("letters.txt");
        Files.writeString(letters, "a 1 0 0 0\nb 0 1 0 0\n");
        String task = "task reverse length=4 symbols=4 samples=100\n";
        EngineHarness h = new EngineHarness().run(task
                + "model t {\n encoder { embed 4 from \"" + letters + "\" freeze; layer gru(hidden=8) }\n"
                + " decoder { embed 4; layer gru(hidden=8); output softmax }\n}\ntrain t on reverse steps=2 batch=8\n");
        float[] saved = ((Embedding) h.interp.workspace().model("t").encoderDecoder().encoder().inputLayer()).weight().value().toHost();
        Path ckpt = dir.resolve("t.safetensors");
        h.run("save \"" + ckpt + "\"\n");
        Files.writeString(letters, "a 0 0 0 9\nb 0 0 9 0\n");     // the file changed since: the checkpoint's table wins
        EngineHarness loaded = new EngineHarness().run(task + "load \"" + ckpt + "\"\n");
        float[] back = ((Embedding) loaded.interp.workspace().model("t").encoderDecoder().encoder().inputLayer()).weight().value().toHost();
        assertArrayEquals(saved, back);
    }

    private Diagnostic error(String vectorsLine) {
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run(EngineHarness.DATA
                + "model lm {\n  " + vectorsLine + "\n  layer lstm(hidden=8)\n  output softmax\n}\nevaluate lm on elman\n"));
        return f.diagnostics().get(0);
    }

    @Test
    void fileProblemsAreErrorsAtTheEmbedLine() throws Exception {
        Path glove = copy("tiny_glove.txt");
        Path missing = dir.resolve("nope.txt");
        Diagnostic d = error("embed 4 from \"" + missing + "\"");
        assertEquals("file not found: " + missing, d.message());
        assertEquals(4, d.span().line());
        assertEquals(16, d.span().column(), "at the file name");

        d = error("embed 8 from \"" + glove + "\"");
        assertEquals(glove + " has 4-dimensional vectors (line 1 has 4 numbers); embed 8 needs 8", d.message());
        assertEquals("write: embed 4 from \"" + glove + "\"", d.hint());

        Path header = dir.resolve("header.txt");
        Files.writeString(header, "2 5\nman 1 1 0 0\n");
        assertEquals(header + " has 5-dimensional vectors (its first line says 2 vectors of 5); embed 4 needs 4",
                error("embed 4 from \"" + header + "\"").message());

        Path shortLine = dir.resolve("short.txt");
        Files.writeString(shortLine, "man 1 1 0 0\n\nwoman 1 -1 0\n");
        assertEquals(shortLine + " line 3: expected a word and 4 numbers, found 3 numbers", error("embed 4 from \"" + shortLine + "\"").message());

        Path word = dir.resolve("word.txt");
        Files.writeString(word, "man 1 1 0 0\nwoman 1 -1 x 0\n");
        assertEquals(word + " line 2: 'x' is not a number (the 3rd number of 'woman')", error("embed 4 from \"" + word + "\"").message());

        Path other = dir.resolve("other.txt");
        Files.writeString(other, "king 1 1 0 0\n");
        assertTrue(error("embed 4 from \"" + other + "\"").message().startsWith("none of the vocabulary's "));
    }
}
