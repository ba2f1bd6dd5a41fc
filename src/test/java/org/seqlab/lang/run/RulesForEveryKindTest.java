package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of a training step are written once (the one Trainer loop), so they hold for every model kind: each test
 * runs on a plain model and on an encoder-decoder. (NaN stop and log= for both kinds: DivergenceTest, GradNormTest;
 * every/when: TrainingTest, Seq2SeqModelTest.)
 */
class RulesForEveryKindTest {

    private static final String PLAIN = EngineHarness.DATA + EngineHarness.MODEL;
    private static final String ENCODER_DECODER = """
            set seed=3
            task reverse length=4 symbols=4 samples=200
            model t {
              encoder { embed 8; layer gru(hidden=16) }
              decoder { embed 8; layer gru(hidden=16); attention over=encoder kind=dot; output softmax }
            }
            """;

    /** The setup of a model of the kind, its name, and a train statement for it with OPTIONS to fill in. */
    private record Kind(String setup, String model, String train) {
        static Kind of(String name) {
            return name.equals("plain") ? new Kind(PLAIN, "lm", "train lm on elman batch=4 seq=8 OPTIONS\n")
                    : new Kind(ENCODER_DECODER, "t", "train t on reverse batch=8 OPTIONS\n");
        }

        EngineHarness run(String options) {
            return new EngineHarness().run(setup + train.replace("OPTIONS", options));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "encoder-decoder"})
    void clippingBoundsTheUpdateAndClipOffLeavesItAlone(String kind) {
        Kind k = Kind.of(kind);
        List<Double> off = k.run("steps=3 lr=1e-2 clip=off").losses(k.model());
        List<Double> unreached = k.run("steps=3 lr=1e-2 clip=1e9").losses(k.model());
        List<Double> tiny = k.run("steps=3 lr=1e-2 clip=1e-4").losses(k.model());
        assertEquals(off, unreached, "clip=off is a limit no gradient reaches");
        assertEquals(off.get(0), tiny.get(0), "the first loss comes before any update");
        assertNotEquals(off.get(2), tiny.get(2), "a tiny clip shrinks the updates, so later losses differ");
        EngineHarness h = k.run("steps=3 lr=1e-2 clip=1e-4");
        for (var p : h.session(k.model()).state.history()) {
            assertTrue(p.gradNorm() > 1e-4, "the norm is measured before clipping: " + p.gradNorm());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "encoder-decoder"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ctrlCStopsAForegroundRunAtAStepBoundaryWithItsWeights(String kind, @TempDir Path dir) throws Exception {
        Kind k = Kind.of(kind);
        Path log = dir.resolve("run.jsonl");
        EngineHarness h = new EngineHarness().run(k.setup);
        Thread ctrlC = new Thread(() -> {
            try {
                // Ctrl-C once the run has logged two steps (validate=1 flushes the log at every step).
                while (!Files.exists(log) || Files.readAllLines(log).size() < 2) Thread.sleep(5);
                while (!h.interp.interrupt()) Thread.sleep(5);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        ctrlC.start();
        h.run(k.train.replace("OPTIONS", "steps=1000000 validate=1 log=\"" + log.toString().replace("\\", "/") + "\""));
        ctrlC.join();
        long step = h.session(k.model()).state.step();
        assertTrue(step >= 2 && step < 1000000, "stopped early, after the steps logged: " + step);
        assertEquals(step, h.session(k.model()).state.history().size(), "the history ends at the weights kept");
        assertTrue(h.output().contains("stopped at step " + step + "; weights kept"), h.output());
        int lines = Files.readAllLines(log).size();
        assertEquals(step, lines, "every step taken is logged, and no other");
        int from = h.output().length();
        h.run("evaluate " + k.model() + " on " + (kind.equals("plain") ? "elman" : "reverse") + "\n");
        assertTrue(h.output().substring(from).startsWith("evaluate " + k.model()), "the session goes on: " + h.output());
    }
}
