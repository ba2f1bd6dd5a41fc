package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.nn.Model;

/** objective=masked+next_sentence end to end: training, evaluate, classify, checkpoints, and the refusals. */
class NextSentenceTrainingTest {

    static final String DATA = "set seed=7\ncorpus stories sentences=400 seed=3\n";
    static final String TRAIN = "train bert on stories objective=masked+next_sentence steps=6 batch=8 seq=16 lr=1e-2\n";

    static double isNext(String output) {
        Matcher m = Pattern.compile("IsNext   (\\S+)").matcher(output);
        assertTrue(m.find(), output);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsBothObjectivesAndEvaluatesNextSentenceAccuracyBesideChance() {
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + TRAIN + "evaluate bert on stories\n");
        Model m = h.session("bert").state.model();
        assertTrue(m.nextSentence() != null);
        List<String> names = m.params().stream().map(p -> p.name()).toList();
        assertTrue(names.containsAll(List.of("segment.weight", "nsp.weight", "nsp.bias")), names.toString());
        assertTrue(h.session("bert").compiled.data().vocabulary().tokens().containsAll(List.of("<cls>", "<sep>", "<pad>", "<mask>")));
        String out = h.output();
        Matcher acc = Pattern.compile("next sentence   (\\S+)%  \\(chance: 50\\.00%").matcher(out);
        assertTrue(acc.find(), out);
        double a = Double.parseDouble(acc.group(1));
        assertTrue(a >= 0 && a <= 100, out);
        assertTrue(out.contains("baseline"), "masked-token accuracy beside the unigram baseline: " + out);
        // the first loss is the sum of two: the masked-LM's (about ln 47) and the next-sentence head's (about ln 2)
        assertTrue(h.losses("bert").get(0) > Math.log(40) + 0.5, h.losses("bert").toString());
    }

    @Test
    void classifyShowsTheIsNextProbabilityAndACheckpointKeepsTheHead(@TempDir Path dir) {
        String file = dir.resolve("bert.safetensors").toString().replace("\\", "/");
        String ask = "classify \"boy eat cookie . [SEP] who eat cookie ?\" with bert\n";
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + TRAIN + ask + "save \"" + file + "\"\n");
        double p = isNext(h.output());
        assertTrue(p > 0 && p < 1, h.output());
        assertTrue(h.output().contains("next-sentence head on: <cls> boy eat cookie . <sep> who eat cookie ? <sep>"), h.output());
        float[] seg = h.session("bert").state.model().param("segment.weight").value().toHost();
        EngineHarness l = new EngineHarness().run("load \"" + file + "\"\n" + ask);
        assertArrayEquals(seg, l.session("bert").state.model().param("segment.weight").value().toHost());
        assertEquals(p, isNext(l.output().substring(l.output().indexOf("next-sentence head"))), 1e-6);
        // a later run keeps the objective
        l.run("corpus stories sentences=400 seed=3\ntrain bert on stories steps=2 batch=8 seq=16\n");
        assertEquals(8, l.session("bert").state.step());
        assertTrue(l.session("bert").compiled.data().sentencePairs());
    }

    @Test
    void exportWithTrainingWritesTheNextSentenceFeed(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + TRAIN.replace("steps=6", "steps=1"));
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run.toString().replace("\\", "/") + "/\" training\n");
        String json = Files.readString(run.resolve("run.json"));
        org.seqlab.data.Vocabulary v = h.session("bert").compiled.data().vocabulary();
        List<Integer> ends = java.util.stream.Stream.of(".", "!", "?").map(v::id).filter(id -> id >= 0).sorted().toList();
        assertTrue(json.contains("\"feed\": \"next_sentence\""), json);
        assertTrue(json.contains("\"sentence_ends\": " + ends + ",") && !ends.isEmpty(), json);
        assertTrue(json.contains("\"cls\": " + v.id("<cls>") + ",") && json.contains("\"sep\": " + v.id("<sep>") + ","), json);
        assertTrue(Files.readString(run.resolve("feeds.py")).contains("class NextSentenceFeed(MaskedFeed):"));
    }

    @Test
    void dataWithoutSentencesAndPairsWithoutSepAreRefused(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("plain.txt");
        Files.writeString(text, "no full stop anywhere in this text\n".repeat(50));
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run("corpus plain = \"" + text.toString().replace("\\", "/")
                + "\" tokens=word\n" + MaskedTrainingTest.BERT + "train bert on plain objective=masked+next_sentence steps=1\n"));
        String msg = f.diagnostics().get(0).message();
        assertTrue(msg.startsWith("objective=masked+next_sentence pairs sentences, but the training split of plain has no sentences"), msg);
        assertEquals(9, f.diagnostics().get(0).span().line(), "at the train statement");
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + TRAIN.replace("steps=6", "steps=1"));
        RunFailure one = assertThrows(RunFailure.class, () -> h.run("classify \"boy eat cookie .\" with bert\n"));
        assertTrue(one.diagnostics().get(0).message().contains("two texts with [SEP] between them"), one.getMessage());
        RunFailure shortSeq = assertThrows(RunFailure.class, () -> new EngineHarness().run(DATA + MaskedTrainingTest.BERT
                + TRAIN.replace("seq=16", "seq=4")));
        assertTrue(shortSeq.diagnostics().get(0).message().contains("too short for a sentence pair"), shortSeq.getMessage());
    }
}
