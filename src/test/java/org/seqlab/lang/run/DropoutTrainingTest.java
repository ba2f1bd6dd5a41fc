package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.nn.DropoutSite;

/** {@code train ... dropout=p} and exact resume of runs with dropout on. */
class DropoutTrainingTest {

    /** Same layers, so the same initial weights; only the declared dropout rate differs. */
    private static String model(String name, double p) {
        return "model " + name + " {\n  embed 8\n  layer lstm(hidden=12)\n  dropout " + p + "\n  output softmax\n}\n";
    }

    /** Two dropout sites: between the stacked LSTM layers, and the dropout line. */
    private static String stacked(String name, double p) {
        return "model " + name + " {\n  embed 8\n  layer lstm(hidden=12, layers=2, dropout=" + p + ")\n  dropout " + p
                + "\n  output softmax\n}\n";
    }

    private static final String TRAIN = "train %s on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000%s\n";

    private static List<Double> train(String name, double declared, String option) {
        return new EngineHarness().run(EngineHarness.DATA + model(name, declared) + String.format(TRAIN, name, 6, option))
                .losses(name);
    }

    @Test
    void optionActsAsTheDeclaredRateWouldAndIsUndoneAfterTheRun() {
        List<Double> declared = train("m", 0.5, "");
        List<Double> overridden = train("m", 0.0, " dropout=0.5");
        assertEquals(declared, overridden, "dropout=0.5 on a 0.0 site trains like a model declared with 0.5");
        assertEquals(train("m", 0.0, ""), train("m", 0.5, " dropout=0"), "dropout=0 turns the declared dropout off");
        assertNotEquals(declared, train("m", 0.0, ""));

        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + model("m", 0.1) + String.format(TRAIN, "m", 2, " dropout=0.4"));
        for (DropoutSite s : h.session("m").state.model().dropoutSites()) assertEquals(0.1f, s.rate(), "the run's rate ends with it");
    }

    @Test
    void reachesStackedRecurrentAndTransformerSites() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + stacked("m", 0.1)
                + "model t {\n  embed 8\n  positional learned\n  transformer heads=2 causal\n  output softmax\n}\n");
        h.run(String.format(TRAIN, "m", 1, ""));
        assertEquals(3, h.session("m").state.model().dropoutSites().size(),
                "between the stacked LSTM layers, the LSTM's output dropout, and the dropout line");
        h.run(String.format(TRAIN, "t", 1, " dropout=0.2"));
        assertEquals(3, h.session("t").state.model().dropoutSites().size(), "attention weights, after attention, after the MLP");
    }

    @Test
    void aModelWithoutDropoutSitesRejectsTheOptionUnlessItIsZero() {
        String plain = EngineHarness.DATA + EngineHarness.MODEL;
        RunFailure f = assertThrows(RunFailure.class,
                () -> new EngineHarness().run(plain + "train lm on elman steps=1 batch=4 seq=8 dropout=0.3\n"));
        String message = f.diagnostics().get(0).message();
        assertTrue(message.contains("no place for dropout"), message);
        assertEquals(1, new EngineHarness().run(plain + "train lm on elman steps=1 batch=4 seq=8 dropout=0\n").losses("lm").size());
    }

    @Test
    void compareAppliesItWhereACandidateHasASiteAndEncoderDecodersRefuseIt() {
        String model = "model m {\n  layer gru(hidden=6)\n  dropout 0.1\n  output softmax\n}\n";
        String compare = "compare m, lstm on task parity length=4 samples=40 steps=2 batch=8 dropout=";
        String with = new EngineHarness().run(model + compare + "0.3\n").output();
        String without = new EngineHarness().run(model + compare + "0\n").output();
        // m has a site: its result moves with the rate; the plain lstm has none and trains the same either way.
        assertNotEquals(resultOf(with, "m"), resultOf(without, "m"), with + without);
        assertEquals(resultOf(with, "lstm"), resultOf(without, "lstm"), with + without);
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run("task reverse length=4 samples=40\n"
                + "model t {\n  encoder { embed 8; layer gru(hidden=8) }\n"
                + "  decoder { embed 8; layer gru(hidden=8); attention over=encoder; output softmax }\n}\n"
                + "train t on reverse steps=1 batch=4 dropout=0.2\n"));
        assertTrue(f.diagnostics().get(0).message().contains("encoder-decoder"), f.diagnostics().get(0).message());
    }

    @Test
    void resumeWithDropoutContinuesBitExactOnACorpus(@TempDir Path dir) {
        String start = EngineHarness.DATA + stacked("m", 0.3);
        assertResumesExactly(dir, start, EngineHarness.DATA, "train m on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000 dropout=0.4\n");
    }

    @Test
    void resumeWithDropoutContinuesBitExactOnShuffledExamples(@TempDir Path dir) {
        String data = "set seed=7\ntask parity length=4 samples=120\n";
        String start = data + "model m {\n  layer gru(hidden=8, layers=2, dropout=0.3)\n  dropout 0.2\n  output softmax\n}\n";
        assertResumesExactly(dir, start, data, "train m on parity steps=%d batch=16 validate=1000\n");
    }

    /** The result row of one candidate in compare's table ("m      loss 0.6778 acc 100.0%"). */
    private static String resultOf(String out, String candidate) {
        return out.lines().filter(l -> l.startsWith(candidate + " ") && l.contains("loss ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + candidate + " in\n" + out)).substring(candidate.length()).strip();
    }

    /** N+M steps straight equal N steps, save, load in a fresh interpreter, M more. */
    private static void assertResumesExactly(Path dir, String start, String data, String train) {
        String file = dir.resolve("m.safetensors").toString().replace("\\", "/");
        List<Double> straight = new EngineHarness().run(start + String.format(train, 12)).losses("m");
        EngineHarness first = new EngineHarness().run(start + String.format(train, 5) + "save \"" + file + "\"\n");
        EngineHarness second = new EngineHarness().run(data + "load \"" + file + "\"\n" + String.format(train, 7));
        assertEquals(straight.subList(0, 5), first.losses("m"));
        assertEquals(straight, second.losses("m"), "resumed losses equal the uninterrupted run's, bit for bit");
    }
}
