package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.train.HistoryPoint;
import org.seqlab.session.ModelSession;

/**
 * Train N steps, save, load (in a session with another seed), train M steps: the same losses as N + M steps
 * in one go, for the random streams a checkpoint must carry besides dropout's: the teacher-forcing coin and
 * the shuffles of a seq2seq run, and the masks of objective=masked.
 */
class ResumeSeedsTest {

    private static final String REVERSE = "task reverse length=4 symbols=4 samples=60 seed=5\n";
    private static final String TRANSLATOR = """
            model t {
              encoder { embed 8; layer gru(hidden=16) }
              decoder { embed 8; dropout 0.2; layer gru(hidden=16); attention over=encoder kind=dot; output softmax }
            }
            """;
    private static final String TRAIN_T = "train t on reverse steps=%d batch=8 lr=1e-2 validate=1000 teacher_forcing=0.5\n";
    private static final String TRAIN_BERT = MaskedTrainingTest.TRAIN.replace("steps=40", "steps=%d");

    private static List<Double> seq2seqLosses(EngineHarness e) {
        ModelSession s = e.interp.workspace().model("t");
        return s.state.history().stream().map(HistoryPoint::loss).toList();
    }

    @Test
    void seq2seqWithTeacherForcingResumesExactly(@TempDir Path dir) {
        String file = dir.resolve("t.safetensors").toString().replace("\\", "/");
        String start = "set seed=3\n" + REVERSE + TRANSLATOR;
        List<Double> straight = seq2seqLosses(new EngineHarness().run(start + String.format(TRAIN_T, 12)));
        List<Double> twice = seq2seqLosses(new EngineHarness().run(start + String.format(TRAIN_T, 6) + String.format(TRAIN_T, 6)));
        assertEquals(straight, twice, "two runs in one session continue the shuffles and the coin");

        EngineHarness first = new EngineHarness().run(start + String.format(TRAIN_T, 6) + "save \"" + file + "\"\n");
        EngineHarness second = new EngineHarness().run("set seed=9\n" + REVERSE + "load \"" + file + "\"\n" + String.format(TRAIN_T, 6));
        assertEquals(straight.subList(0, 6), seq2seqLosses(first));
        assertEquals(straight, seq2seqLosses(second), "the loaded history, then resumed losses, equal the uninterrupted run's");

        List<Double> fresh = seq2seqLosses(new EngineHarness().run("set seed=9\n" + REVERSE + TRANSLATOR + String.format(TRAIN_T, 6)));
        assertNotEquals(straight.subList(0, 6), fresh, "another seed, another run");
    }

    @Test
    void loadThenSaveKeepsTheOptimizer(@TempDir Path dir) {
        String a = dir.resolve("a.safetensors").toString().replace("\\", "/"), b = dir.resolve("b.safetensors").toString().replace("\\", "/");
        String start = "set seed=3\n" + REVERSE + TRANSLATOR;
        List<Double> straight = seq2seqLosses(new EngineHarness().run(start + String.format(TRAIN_T, 12)));
        new EngineHarness().run(start + String.format(TRAIN_T, 6) + "save \"" + a + "\"\n");
        new EngineHarness().run(REVERSE + "load \"" + a + "\"\nsave \"" + b + "\"\n");
        EngineHarness resumed = new EngineHarness().run(REVERSE + "load \"" + b + "\"\n" + String.format(TRAIN_T, 6));
        assertEquals(straight, seq2seqLosses(resumed), "a file saved right after a load still carries Adam's moments");

        String bert = EngineHarness.DATA + MaskedTrainingTest.BERT;
        List<Double> plain = new EngineHarness().run(bert + String.format(TRAIN_BERT, 8)).losses("bert");
        new EngineHarness().run(bert + String.format(TRAIN_BERT, 4) + "save \"" + a + "\"\n");
        new EngineHarness().run(EngineHarness.DATA + "load \"" + a + "\"\nsave \"" + b + "\"\n");
        EngineHarness again = new EngineHarness().run(EngineHarness.DATA + "load \"" + b + "\"\n" + String.format(TRAIN_BERT, 4));
        assertEquals(plain, again.losses("bert"), "the same for a plain model");
    }

    @Test
    void maskedLanguageModelResumesExactly(@TempDir Path dir) {
        String file = dir.resolve("bert.safetensors").toString().replace("\\", "/");
        String start = EngineHarness.DATA + MaskedTrainingTest.BERT;
        List<Double> straight = new EngineHarness().run(start + String.format(TRAIN_BERT, 8)).losses("bert");

        EngineHarness first = new EngineHarness().run(start + String.format(TRAIN_BERT, 4) + "save \"" + file + "\"\n");
        EngineHarness second = new EngineHarness().run(EngineHarness.DATA.replace("seed=7", "seed=9")
                + "load \"" + file + "\"\n" + String.format(TRAIN_BERT, 4));
        assertEquals(straight.subList(0, 4), first.losses("bert"));
        assertEquals(straight, second.losses("bert"), "resumed masks and losses equal the uninterrupted run's");
    }
}
