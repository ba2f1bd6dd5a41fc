package org.seqlab.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.TensorEngine;
import org.seqlab.session.Background;

/**
 * In the REPL a masked model grows into next-sentence prediction only when its train statement succeeds: a failed
 * one leaves the model the prompt had; in the background the grown model is the one that trains.
 */
class ReplNextSentenceGrowthTest {
    private static final String SETUP = "set seed=7\ncorpus stories sentences=400 seed=3\n"
            + "model bert {\n  embed 16\n  positional learned max=16\n  transformer heads=2 dim=16 ff=32\n  output softmax\n}\n"
            + "train bert on stories objective=masked steps=2 batch=8 seq=16\n";
    private static final String BOTH = "train bert on stories objective=masked+next_sentence steps=2 batch=8 seq=16";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Repl repl = new Repl(new Interpreter(new TensorEngine(), out), out, out);

    private String since(int at) {
        return bytes.toString(StandardCharsets.UTF_8).substring(at);
    }

    @Test
    void aFailedTrainKeepsTheModelAndASucceedingOneGrowsIt() throws InterruptedException {
        repl.handle(SETUP);
        int at = bytes.size();
        repl.handle(BOTH.replace("seq=16", "seq=20"));
        String failed = since(at);
        assertTrue(failed.contains("seq=20 is longer than the model's positional max=16"), failed);
        assertFalse(failed.contains("added"), failed);
        at = bytes.size();
        repl.handle("summary bert");
        assertFalse(since(at).contains("next-sentence dense"), since(at));

        Background bg = repl.runInBackground(out, out);
        at = bytes.size();
        repl.handle(BOTH);
        assertTrue(bg.await(60, TimeUnit.SECONDS));
        String grown = since(at);
        assertTrue(grown.contains("bert: added segment embeddings, a next-sentence head and <cls>, <sep>, <pad> for "
                + "objective=masked+next_sentence"), grown);
        at = bytes.size();
        repl.handle("summary bert");
        assertTrue(since(at).contains("segments 2 x 16, next-sentence dense 16 -> 2"), since(at));
    }
}
