package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of a model's layers needs no data, so {@code --check} finds a broken one before anything runs:
 * positioned, with the source line, a caret and a hint (the same text a train used to print only when it ran).
 */
class StructureCheckTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int check(Path file) {
        return Main.run(new String[] {"--check", file.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOutputLayerThatIsNotLastIsFoundByCheck(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("late.seq");
        Files.writeString(f, "corpus text = \"missing.txt\"\nmodel lm {\n  embed 8\n  output softmax\n  layer lstm(hidden=16)\n}\n"
                + "train lm on text\n");
        assertEquals(65, check(f));
        assertEquals(f + ":5:3: error: 'lstm' comes after the output layer\n"
                + "    layer lstm(hidden=16)\n"
                + "    ^~~~~~~~~~~~~~~~~~~~~\n"
                + "  hint: the output layer must be last (line 4)\n", err());
    }

    @Test
    void theOtherOrderRulesAreFoundByCheckToo(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("order.seq");
        Files.writeString(f, "model a {\n  layer gru(hidden=8)\n  onehot\n  output softmax\n}\n"
                + "model b {\n  embed 8\n  repeat 2 { layer gru(hidden=8); output softmax }\n}\n"
                + "model c {\n  embed 8\n  pool last\n  pool mean\n  output softmax\n}\n");
        assertEquals(65, check(f));
        String err = err();
        assertTrue(err.contains(f + ":3:3: error: 'onehot' must be the first layer\n    onehot\n    ^~~~~~\n"
                + "  hint: move it to the top of model 'a'\n"), err);
        // a repeat that runs twice puts its first layer after its output
        assertTrue(err.contains(f + ":8:14: error: 'gru' comes after the output layer\n"), err);
        assertTrue(err.contains(f + ":13:3: error: the model already pools its sequence (line 12)\n"), err);
        assertFalse(err.contains("Exception"), err);
    }
}
