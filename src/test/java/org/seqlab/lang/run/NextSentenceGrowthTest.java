package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Corpus;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;
import org.seqlab.tensor.Tensor;

/**
 * A model trained with objective=masked alone goes on with objective=masked+next_sentence: it grows segment
 * embeddings, a next-sentence head and the pairs' special tokens, keeping every trained weight and moment.
 */
class NextSentenceGrowthTest {

    static final String DATA = NextSentenceTrainingTest.DATA;
    static final String MASKED = "train bert on stories objective=masked steps=3 batch=8 seq=16 lr=1e-2\n";
    static final String BOTH = "train bert on stories objective=masked+next_sentence steps=2 batch=8 seq=16 lr=1e-2\n";
    static final String ADDED = "bert: added segment embeddings, a next-sentence head and <cls>, <sep>, <pad> for "
            + "objective=masked+next_sentence (%s parameters more; the trained weights are kept)";

    private static Map<String, float[]> host(List<Param> params) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Param p : params) m.put(p.name(), p.value().toHost());
        return m;
    }

    private static Map<String, float[]> host(Map<String, Tensor> state) {
        Map<String, float[]> m = new LinkedHashMap<>();
        state.forEach((k, t) -> m.put(k, t.toHost()));
        return m;
    }

    private static ModelSession grow(EngineHarness h, Workspace ws, long seed) {
        Corpus pairs = ((Corpus) ws.data("stories").data()).maskedPairs(0.15);
        assertTrue(NextSentenceGrowth.applies(ws.model("bert"), pairs));
        return NextSentenceGrowth.grow("bert", ws.model("bert"), pairs, ws, h.engine.backend(), seed);
    }

    @Test
    void growingKeepsEveryTrainedWeightAndMomentAndStartsTheNewRowsMomentsAtZero() {
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + MASKED);
        ModelSession had = h.session("bert");
        Map<String, float[]> weights = host(had.state.model().params());
        Map<String, float[]> moments = host(had.state.optimizer().state());
        List<String> tokens = had.compiled.data().vocabulary().tokens();

        ModelSession g = grow(h, h.interp.workspace().copy(), 7);
        Model m = g.state.model();
        // the vocabulary: the trained one, then the pairs' special tokens
        assertEquals(tokens, g.compiled.data().vocabulary().tokens().subList(0, tokens.size()));
        assertEquals(List.of("<cls>", "<sep>", "<pad>"), g.compiled.data().vocabulary().tokens().subList(tokens.size(), tokens.size() + 3));
        assertEquals(tokens.size() + 3, g.compiled.data().vocabulary().size());
        List<String> names = m.params().stream().map(Param::name).toList();
        List<String> expected = new java.util.ArrayList<>(weights.keySet());
        expected.addAll(List.of("segment.weight", "nsp.weight", "nsp.bias"));
        assertEquals(expected, names);
        // every trained value exactly as it was; the grown tables' new rows initialised (not zero)
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            float[] now = m.param(e.getKey()).value().toHost();
            assertArrayEquals(e.getValue(), Arrays.copyOf(now, e.getValue().length), e.getKey());
            boolean grows = List.of("embed.weight", "output.weight", "output.bias").contains(e.getKey());
            assertEquals(grows, now.length > e.getValue().length, e.getKey());
            if (e.getKey().endsWith("weight") && grows) {
                assertTrue(nonZero(Arrays.copyOfRange(now, e.getValue().length, now.length)), e.getKey() + ": new rows initialised");
            }
        }
        assertTrue(nonZero(m.param("segment.weight").value().toHost()));
        // moments: the old ones in the leading elements, zero for new rows and new parameters
        Map<String, float[]> nowMoments = host(g.state.optimizer().state());
        assertEquals(2 * names.size(), nowMoments.size());
        for (Map.Entry<String, float[]> e : nowMoments.entrySet()) {
            float[] old = moments.getOrDefault(e.getKey(), new float[0]);
            assertArrayEquals(old, Arrays.copyOf(e.getValue(), old.length), e.getKey());
            assertFalse(nonZero(Arrays.copyOfRange(e.getValue(), old.length, e.getValue().length)), e.getKey());
        }
        assertTrue(nonZero(moments.get("embed.weight.exp_avg_sq")));
        assertEquals(3, g.state.step());
        assertEquals(3, g.state.optimizer().steps());
        assertEquals(had.state.history(), g.state.history());
        // the trained session is left as it was, in the workspace the statement did not change
        assertSame(had, h.session("bert"));
        assertEquals(tokens.size(), had.state.model().param("embed.weight").value().shape().dim(0));
        assertNull(had.state.model().nextSentence());
        // deterministic: the same seed grows the same new parameters
        ModelSession again = grow(h, h.interp.workspace().copy(), 7);
        assertArrayEquals(m.param("nsp.weight").value().toHost(), again.state.model().param("nsp.weight").value().toHost());
        assertArrayEquals(m.param("embed.weight").value().toHost(), again.state.model().param("embed.weight").value().toHost());
        assertNotEquals(Arrays.toString(m.param("segment.weight").value().toHost()),
                Arrays.toString(grow(h, h.interp.workspace().copy(), 8).state.model().param("segment.weight").value().toHost()));
    }

    private static boolean nonZero(float[] a) {
        for (float v : a) if (v != 0) return true;
        return false;
    }

    /** The next-sentence accuracy evaluate prints, in percent. */
    static double nextSentenceAccuracy(String output) {
        Matcher acc = Pattern.compile("next sentence   (\\S+)%  \\(chance: 50\\.00%").matcher(output);
        assertTrue(acc.find(), output);
        return Double.parseDouble(acc.group(1));
    }

    @Test
    void aMaskedModelGoesOnToLearnNextSentencePredictionAboveChance() {
        // stories: a question follows the statement it asks about, so whether B follows A can be told from the text
        String model = "model bert {\n  embed 32\n  positional learned max=16\n  transformer heads=4 dim=32 ff=64\n"
                + "  layernorm\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness().run("set seed=7\ncorpus stories sentences=2000 seed=3\n" + model
                + "train bert on stories objective=masked steps=20 batch=8 seq=16 lr=1e-2\n"
                + "train bert on stories objective=masked+next_sentence steps=120 batch=32 seq=16 lr=5e-3\nevaluate bert on stories\n");
        assertTrue(h.output().contains(String.format(ADDED, "325") + "\n"), h.output());
        assertEquals(140, h.session("bert").state.step());
        assertTrue(h.session("bert").compiled.data().sentencePairs());
        // about 200 held-out pairs: 60% is three standard errors above chance (this run: 71%)
        double a = nextSentenceAccuracy(h.output());
        assertTrue(a > 60, h.output());
    }

    @Test
    void aGrownModelFillsInspectsClassifiesAndRoundTripsThroughACheckpoint(@TempDir Path dir) {
        String file = dir.resolve("bert.safetensors").toString().replace("\\", "/");
        String ask = "classify \"boy eat cookie . [SEP] who eat cookie ?\" with bert\nfill \"boy <mask> cookie .\" with bert k=3\n";
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + MASKED + BOTH);
        assertTrue(h.output().contains(String.format(ADDED, "165")), h.output());
        int at = h.output().length();
        h.run(ask + "inspect attention layer=1 head=1 on \"boy eat cookie .\"\nsave \"" + file + "\"\n");
        String shown = h.output().substring(at);
        double p = NextSentenceTrainingTest.isNext(shown);
        assertTrue(p > 0 && p < 1, shown);
        assertTrue(shown.contains("next-sentence head on: <cls> boy eat cookie . <sep> who eat cookie ? <sep>"), shown);
        assertTrue(shown.contains("most likely: boy ["), shown);
        assertTrue(shown.contains("attention, layer 1 (transformer1), head 1\nhead 1   query"), shown);
        Map<String, float[]> weights = host(h.session("bert").state.model().params());

        EngineHarness l = new EngineHarness().run("load \"" + file + "\"\n" + ask);
        assertTrue(l.output().contains("loaded bert ("), l.output());
        assertEquals(5, l.session("bert").state.step());
        Map<String, float[]> loaded = host(l.session("bert").state.model().params());
        assertEquals(weights.keySet(), loaded.keySet());
        weights.forEach((k, v) -> assertArrayEquals(v, loaded.get(k), k));
        String again = l.output().substring(l.output().indexOf("next-sentence head"));
        assertEquals(p, NextSentenceTrainingTest.isNext(again), 1e-6);
        assertEquals(fillLines(shown), fillLines(again));
        // and it goes on with both objectives
        l.run("corpus stories sentences=400 seed=3\ntrain bert on stories steps=2 batch=8 seq=16\n");
        assertEquals(7, l.session("bert").state.step());
        assertFalse(l.output().contains("added segment embeddings"), l.output());
    }

    @Test
    void aLoadedMaskedModelGrowsWithItsRestoredMoments(@TempDir Path dir) {
        String file = dir.resolve("masked.safetensors").toString().replace("\\", "/");
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + MASKED + "save \"" + file + "\"\n");
        Map<String, float[]> moments = host(h.session("bert").state.optimizer().state());
        EngineHarness l = new EngineHarness().run("load \"" + file + "\"\ncorpus stories sentences=400 seed=3\nevaluate bert on stories\n");
        ModelSession g = grow(l, l.interp.workspace().copy(), 7);
        Map<String, float[]> now = host(g.state.optimizer().state());
        moments.forEach((k, v) -> assertArrayEquals(v, Arrays.copyOf(now.get(k), v.length), k));
        l.run(BOTH);
        assertTrue(l.output().contains(String.format(ADDED, "165")), l.output());
        assertEquals(5, l.session("bert").state.step());
    }

    @Test
    void aFailedStatementLeavesTheTrainedModelAsItWas() {
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + MASKED);
        ModelSession had = h.session("bert");
        int at = h.output().length();
        // refused after the model has grown (the window is checked against the grown model's positions)
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(BOTH.replace("seq=16", "seq=20")));
        assertTrue(f.getMessage().contains("seq=20 is longer than the model's positional max=16"), f.getMessage());
        assertSame(had, h.session("bert"));
        assertNull(h.session("bert").state.model().nextSentence());
        assertFalse(h.output().substring(at).contains("added"), h.output());
        h.run("fill \"boy <mask> cookie .\" with bert k=3\n" + BOTH);
        assertTrue(h.output().contains(String.format(ADDED, "165")), h.output());
        assertEquals(5, h.session("bert").state.step());
    }

    @Test
    void aBidirectionalRecurrentEncoderGrowsToo() {
        String model = "model bert {\n  embed 8\n  layer gru(hidden=8) bidirectional\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness().run(DATA + model + MASKED);
        float[] gru = h.session("bert").state.model().param("gru1.weight_hh_l0_reverse").value().toHost();
        h.run(BOTH.replace("steps=2", "steps=1").replace("lr=1e-2", "lr=1e-30"));
        assertTrue(h.output().contains("bert: added segment embeddings, a next-sentence head and <cls>, <sep>, <pad>"), h.output());
        assertTrue(h.session("bert").state.model().nextSentence() != null);
        assertArrayEquals(gru, h.session("bert").state.model().param("gru1.weight_hh_l0_reverse").value().toHost());
    }

    @Test
    void whatCannotGrowIsRefusedWithTheReasonAndWhatToDo(@TempDir Path dir) throws Exception {
        // a one-hot input: the segment embeddings have no table to join
        String onehot = "model bert {\n  layer gru(hidden=8) bidirectional\n  output softmax\n}\n";
        EngineHarness h = new EngineHarness().run(DATA + onehot + MASKED);
        ModelSession had = h.session("bert");
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(BOTH));
        String msg = f.diagnostics().get(0).message();
        assertTrue(msg.startsWith("objective=masked+next_sentence needs a token embedding"), msg);
        assertEquals("start the model with embed N, and leave out pool", f.diagnostics().get(0).hint());
        assertSame(had, h.session("bert"));
        // a left-to-right encoder never trained masked; it is refused at the objective as before
        RunFailure left = assertThrows(RunFailure.class, () -> new EngineHarness().run(DATA
                + "model bert {\n  embed 8\n  layer gru(hidden=8)\n  output softmax\n}\n" + BOTH));
        assertTrue(left.diagnostics().get(0).message().contains("reads left to right only"), left.getMessage());
        // another corpus's tokens would change the meaning of the ids
        java.nio.file.Files.writeString(dir.resolve("other.txt"), "a cat sat . a dog ran . ".repeat(100));
        EngineHarness o = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + MASKED + "corpus other = \""
                + dir.resolve("other.txt").toString().replace("\\", "/") + "\" tokens=word\n");
        RunFailure v = assertThrows(RunFailure.class, () -> o.run(BOTH.replace("on stories", "on other")));
        assertTrue(v.diagnostics().get(0).hint().startsWith("a masked model takes on objective=masked+next_sentence only on a "
                + "corpus of its own tokens (stories)"), v.getMessage());
        // a grown model keeps both objectives
        o.run(BOTH);
        RunFailure back = assertThrows(RunFailure.class, () -> o.run(MASKED));
        assertTrue(back.diagnostics().get(0).hint().startsWith("a model trained with objective=masked+next_sentence keeps"), back.getMessage());
    }

    /** What fill printed: from its first {@code <mask>} line to its "most likely" line. */
    private static String fillLines(String output) {
        int from = output.indexOf("<mask> 1 of 1"), to = output.indexOf("most likely:", from);
        assertTrue(from >= 0 && to > from, output);
        return output.substring(from, output.indexOf('\n', to));
    }
}
