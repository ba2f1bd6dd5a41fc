package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection statements end to end on a small trained model. */
class InspectCommandTest {
    private static final String TEXT = "boy eat cookie . cat chase dog .";
    private static final String TRAINED = EngineHarness.DATA + EngineHarness.MODEL
            + "train lm on elman steps=6 batch=4 seq=8 lr=1e-2 validate=1000\n";

    private static String after(EngineHarness h, String statement) {
        int from = h.output().length();
        h.run(statement);
        return h.output().substring(from);
    }

    private static String message(RunFailure f) {
        return f.diagnostics().get(0).message();
    }

    @Test
    void everyInspectionPrintsForThisTerminal() {
        EngineHarness h = new EngineHarness().run(TRAINED);
        String hidden = after(h, "inspect hidden layer=1 on \"" + TEXT + "\"");
        assertTrue(hidden.startsWith("hidden state, layer 1 (lstm1, lstm)"), hidden);
        assertTrue(hidden.contains("cookie"), hidden);
        assertFalse(hidden.contains("\u001b["), "no colour escapes when stdout is not a terminal");
        String gates = after(h, "inspect gates layer=1 on \"" + TEXT + "\"");
        for (String g : new String[] {"input", "forget", "candidate", "output"}) assertTrue(gates.contains(g + " "), gates);
        assertTrue(after(h, "inspect cell on \"" + TEXT + "\"").startsWith("cell state, layer 1"));
        String s = after(h, "inspect surprisal on \"" + TEXT + "\"");
        assertTrue(s.contains("perplexity") && s.contains("7 predicted tokens"), s);
        assertTrue(after(h, "inspect neuron layer=1 unit=3 on \"" + TEXT + "\"").startsWith("unit 3 of layer 1"));
        assertTrue(after(h, "inspect neurons layer=1 top=4 on \"" + TEXT + "\"").contains("the 4 of 16 units"));
        assertTrue(after(h, "inspect embedding nearest \"boy\" k=3").contains("nearest to 'boy'"));
        assertTrue(after(h, "similarity \"boy\" \"girl\"").startsWith("similarity 'boy' 'girl' = "));
        String a = after(h, "analogy \"boy\" - \"man\" + \"woman\" k=3");
        assertTrue(a.startsWith("'boy' - 'man' + 'woman'"), a);
        assertFalse(a.contains(" boy ") || a.contains(" man ") || a.contains(" woman "), a);
        String values = after(h, "inspect hidden layer=1 on \"boy eat\" values");
        assertTrue(values.matches("(?s).*-?0\\.\\d\\d.*"), values);
    }

    @Test
    void problemsAreOneLineErrorsAtTheStatement() {
        EngineHarness h = new EngineHarness().run(TRAINED);
        RunFailure f = assertThrows(RunFailure.class, () -> h.run("inspect hidden on \"boy eat pizza and zebra\""));
        assertEquals("the words 'pizza', 'and', 'zebra' are not in the vocabulary (" + vocabularySize(h) + " tokens)", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect gates layer=2 on \"boy eat\""));
        assertEquals("layer=2 is not there: the model has 1 recurrent layer", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect attention on \"boy eat\""));
        assertEquals("the model has no attention layer", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect neuron unit=99 on \"boy eat\""));
        assertTrue(message(f).startsWith("unit=99 is not there"), message(f));
        f = assertThrows(RunFailure.class, () -> h.run("similarity \"boy\" \"zebra\""));
        assertTrue(message(f).contains("'zebra' is not in the vocabulary"), message(f));
        f = assertThrows(RunFailure.class, () -> new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "inspect hidden on \"boy\""));
        assertTrue(message(f).contains("has not met any data yet"), message(f));
    }

    private static int vocabularySize(EngineHarness h) {
        return h.session("lm").compiled.data().vocabulary().size();
    }

    @Test
    void picturesGoToFiles(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(TRAINED);
        for (String f : new String[] {"h.png", "g.svg", "s.html"}) {
            String kind = f.startsWith("h") ? "hidden" : f.startsWith("g") ? "gates" : "surprisal";
            Path p = dir.resolve(f);
            String out = after(h, "inspect " + kind + " on \"" + TEXT + "\" to \"" + p + "\"");
            assertEquals("wrote " + p + "\n", out);
            assertTrue(Files.size(p) > 200, f);
        }
        RunFailure e = assertThrows(RunFailure.class, () -> h.run("inspect hidden on \"boy\" to \"" + dir.resolve("no/such/x.png") + "\""));
        assertTrue(message(e).startsWith("cannot write"), message(e));
    }

    @Test
    void wordsAndLossPlots(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(TRAINED);
        String w = after(h, "inspect words layer=1 k=2 tokens=100");
        assertTrue(w.startsWith("nearest words by mean hidden state, layer 1 (lstm1), over 100 tokens"), w);
        assertTrue(w.contains("noun.") && w.contains("neighbours in the same class"), w);
        assertTrue(after(h, "inspect words on \"" + TEXT + "\"").contains("over 8 tokens"));
        String plot = after(h, "plot loss");
        assertTrue(plot.contains("training loss (last"), plot);
        Path png = dir.resolve("loss.png");
        assertEquals("wrote " + png + "\n", after(h, "plot loss to \"" + png + "\""));
        assertTrue(Files.size(png) > 200);
    }

    /**
     * Inspections from an every rule run at a step boundary on the training thread: they see the weights
     * of that step (the same as a checkpoint saved there, loaded later) and leave training undisturbed.
     */
    @Test
    void inspectionsMidTrainingSeeTheWeightsOfThatStep(@TempDir Path dir) {
        String ckpt = dir.resolve("step5.safetensors").toString();
        String look = "inspect surprisal on \"" + TEXT + "\"\ninspect hidden layer=1 on \"boy eat cookie\" values\n";
        String rules = " {\n  every 5 steps: inspect surprisal on \"" + TEXT + "\"\n"
                + "  every 5 steps: inspect hidden layer=1 on \"boy eat cookie\" values\n"
                + "  every 5 steps: save \"" + ckpt + "\"\n}\n";
        String train = "train lm on elman steps=7 batch=4 seq=8 lr=1e-2 validate=1000";
        EngineHarness during = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + train + rules);
        EngineHarness plain = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + train + "\n");
        assertEquals(plain.losses("lm"), during.losses("lm"), "inspecting does not change training");

        String mid = inspectionBlock(during.output());
        EngineHarness fromCheckpoint = new EngineHarness().run(EngineHarness.DATA + "load \"" + ckpt + "\"\n");
        assertEquals(mid, after(fromCheckpoint, look));
        assertNotEquals(mid, after(during, look), "the weights moved on after step 5");
    }

    /** The printed inspections (from the surprisal title to the end of the hidden map) of a training run. */
    private static String inspectionBlock(String out) {
        Matcher m = Pattern.compile("(?s)(surprisal -log p.*?hidden state.*?scale:[^\n]*\n)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
