package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Vocabulary;

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

    /** The rows of a "values" table whose title line starts with title: unit by token (printed to 2 decimals). */
    private static double[][] table(String out, String title) {
        int at = out.indexOf(title);
        assertTrue(at >= 0, "no '" + title + "' in\n" + out);
        List<double[]> rows = new ArrayList<>();
        for (String line : out.substring(at).lines().skip(2).toList()) {
            if (!line.matches("\\s*\\d+( +-?\\d+\\.\\d+)+ *")) break;
            String[] p = line.trim().split(" +");
            double[] r = new double[p.length - 1];
            for (int i = 1; i < p.length; i++) r[i - 1] = Double.parseDouble(p[i]);
            rows.add(r);
        }
        return rows.toArray(new double[0][]);
    }

    @Test
    void hiddenCellAndOutputGateAgreeWithTheLstmFormula() {
        EngineHarness h = new EngineHarness().run(TRAINED);
        double[][] hid = table(after(h, "inspect hidden layer=1 on \"boy eat\" values"), "hidden state, layer 1");
        double[][] cell = table(after(h, "inspect cell layer=1 on \"boy eat\" values"), "cell state, layer 1");
        double[][] out = table(after(h, "inspect gates layer=1 on \"boy eat\" values"), "output ");
        assertEquals(16, hid.length);
        for (int u = 0; u < 16; u++) {
            for (int t = 0; t < 2; t++) {
                // h = o * tanh(c), each printed to 2 decimals
                assertEquals(out[u][t] * Math.tanh(cell[u][t]), hid[u][t], 0.012, "unit " + u + " token " + t);
                assertTrue(out[u][t] > 0 && out[u][t] < 1, "a gate is a sigmoid");
            }
        }
    }

    @Test
    void neuronAndNeuronsReadTheHiddenStates() {
        EngineHarness h = new EngineHarness().run(TRAINED);
        double[][] hid = table(after(h, "inspect hidden layer=1 on \"" + TEXT + "\" values"), "hidden state, layer 1");
        String one = after(h, "inspect neuron layer=1 unit=3 on \"" + TEXT + "\"");
        Matcher mm = Pattern.compile("min (-?[0-9.]+), max (-?[0-9.]+)").matcher(one);
        assertTrue(mm.find(), one);
        assertEquals(Arrays.stream(hid[3]).min().orElseThrow(), Double.parseDouble(mm.group(1)), 0.0051, one);
        assertEquals(Arrays.stream(hid[3]).max().orElseThrow(), Double.parseDouble(mm.group(2)), 0.0051, one);
        // neurons top=4: the units whose hidden state changes most per token, mean |h_t - h_t-1| over the 8 tokens,
        // the first measured from the zero state
        double[] change = new double[16];
        for (int u = 0; u < 16; u++) {
            for (int t = 0; t < hid[u].length; t++) change[u] += Math.abs(hid[u][t] - (t == 0 ? 0 : hid[u][t - 1])) / hid[u].length;
        }
        String top = after(h, "inspect neurons layer=1 top=4 on \"" + TEXT + "\"");
        Matcher rows = Pattern.compile("(?m)^ *(\\d+):([0-9.]+) ").matcher(top);
        double fourth = Double.MAX_VALUE;
        List<Integer> listed = new ArrayList<>();
        while (rows.find()) {
            int u = Integer.parseInt(rows.group(1));
            double mean = Double.parseDouble(rows.group(2));
            assertEquals(change[u], mean, 0.012, "unit " + u + " in\n" + top);
            assertTrue(mean <= fourth, "sorted: " + top);
            fourth = mean;
            listed.add(u);
        }
        assertEquals(4, listed.size(), top);
        for (int u = 0; u < 16; u++) if (!listed.contains(u)) assertTrue(change[u] <= fourth + 0.012, "unit " + u + " changes more: " + top);
    }

    @Test
    void embeddingInspectionsAreCosinesOfTheEmbeddingRows() {
        EngineHarness h = new EngineHarness().run(TRAINED);
        Vocabulary voc = h.session("lm").compiled.data().vocabulary();
        float[] w = h.session("lm").state.model().param("embed.weight").value().toHost();
        int dim = w.length / voc.size();
        java.util.function.IntFunction<double[]> row = id -> {
            double[] r = new double[dim];
            for (int j = 0; j < dim; j++) r[j] = w[id * dim + j];
            return r;
        };
        String sim = after(h, "similarity \"boy\" \"girl\"");
        double printed = Double.parseDouble(sim.replaceAll("(?s)similarity 'boy' 'girl' = (-?[0-9.]+).*", "$1"));
        assertEquals(cosine(row.apply(voc.id("boy")), row.apply(voc.id("girl"))), printed, 1e-4, sim);
        // nearest to boy and the analogy boy - man + woman: the best three by cosine, query tokens left out
        assertEquals(best(voc, row, row.apply(voc.id("boy")), Set.of("boy")), ranked(after(h, "inspect embedding nearest \"boy\" k=3")));
        double[] q = row.apply(voc.id("boy")), man = row.apply(voc.id("man")), woman = row.apply(voc.id("woman"));
        for (int j = 0; j < dim; j++) q[j] += woman[j] - man[j];
        assertEquals(best(voc, row, q, Set.of("boy", "man", "woman")), ranked(after(h, "analogy \"boy\" - \"man\" + \"woman\" k=3")));
    }

    @Test
    void surprisalIsTheModelsNegativeLogLikelihood() {
        EngineHarness h = new EngineHarness().run(TRAINED);
        Vocabulary voc = h.session("lm").compiled.data().vocabulary();
        String s = after(h, "inspect surprisal on \"boy eat cookie .\"");
        int[] ids = {voc.id("boy"), voc.id("eat"), voc.id("cookie"), voc.id(".")};
        float[] logits = h.session("lm").state.model().forward(ids, 0, 4, 1, false).toHost();
        int v = voc.size();
        double total = 0;
        for (int t = 0; t < 3; t++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < v; j++) max = Math.max(max, logits[t * v + j]);
            for (int j = 0; j < v; j++) sum += Math.exp(logits[t * v + j] - max);
            total += Math.log(sum) + max - logits[t * v + ids[t + 1]];
        }
        Matcher m = Pattern.compile("total ([0-9.]+) nats over 3 predicted tokens.*perplexity ([0-9.]+)").matcher(s);
        assertTrue(m.find(), s);
        assertEquals(total, Double.parseDouble(m.group(1)), 1e-3, s);
        assertEquals(Math.exp(total / 3), Double.parseDouble(m.group(2)), 1e-2, s);
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int j = 0; j < a.length; j++) {
            ab += a[j] * b[j];
            aa += a[j] * a[j];
            bb += b[j] * b[j];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** The three ordinary tokens nearest to q by cosine, leaving out some, as "token cosine" to 4 decimals. */
    private static List<String> best(Vocabulary voc, java.util.function.IntFunction<double[]> row, double[] q, Set<String> leaveOut) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < voc.size(); id++) if (!Vocabulary.isSpecial(voc.token(id)) && !leaveOut.contains(voc.token(id))) ids.add(id);
        ids.sort((a, b) -> Double.compare(cosine(q, row.apply(b)), cosine(q, row.apply(a))));
        return ids.subList(0, 3).stream().map(id -> voc.token(id) + " " + String.format(java.util.Locale.ROOT, "%.4f", cosine(q, row.apply(id)))).toList();
    }

    /** The "token cosine" pairs of a ranked table ("   1  man     0.7504"). */
    private static List<String> ranked(String out) {
        List<String> r = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^ +\\d+  (\\S+) +(-?[0-9.]+)$").matcher(out);
        while (m.find()) r.add(m.group(1) + " " + m.group(2));
        return r;
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
