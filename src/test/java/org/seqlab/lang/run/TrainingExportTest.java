package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Corpus;
import org.seqlab.tensor.Safetensors;

/** {@code export pytorch "DIR/" training} writes what train.py reads: the files, the run's options, the data, the checkpoint. */
class TrainingExportTest {

    private static final String TRAIN = "train lm on elman steps=5 batch=4 seq=8 lr=2e-2 optimizer=adamw weight_decay=0.05"
            + " schedule=cosine warmup=2 clip=0.5 val_batches=3\n";

    @Test
    void theFolderHoldsTheRunItContinues(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + TRAIN);
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "/\" training\n");
        assertTrue(h.output().contains("exported lm with its training (step 5) to " + run + "/: model.py, checkpoint.safetensors,"
                + " data.safetensors, run.json, train.py, feeds.py, seqlab_io.py"), h.output());
        for (String f : new String[] {"model.py", "checkpoint.safetensors", "data.safetensors", "run.json", "train.py", "feeds.py",
                "seqlab_io.py"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        String json = Files.readString(run.resolve("run.json"));
        for (String want : new String[] {"\"batcher_key\": \"elman batch=4 seq=8\"", "\"batch\": 4", "\"seq\": 8",
                "\"optimizer\": \"adamw\"", "\"lr\": 0.02", "\"weight_decay\": 0.05", "\"clip\": 0.5", "\"schedule\": \"cosine\"",
                "\"warmup\": 2", "\"val_batches\": 3", "\"run_step\": 5", "\"run_total\": 5", "\"evaluate_batch\": 32",
                "\"evaluate_seq\": 64"}) {
            assertTrue(json.contains(want), want + " in\n" + json);
        }
        assertTrue(Files.readString(run.resolve("train.py")).contains("def main(argv):"));
        assertTrue(Files.readString(run.resolve("model.py")).contains("self.lstm1 = nn.LSTM(8, 16)"));

        Corpus c = (Corpus) h.interp.workspace().data("elman").data();
        Safetensors.Contents data = Safetensors.read(run.resolve("data.safetensors"));
        assertArrayEquals(c.train().toArray(), data.get("train").intValues());
        assertArrayEquals(c.validation().toArray(), data.get("validation").intValues());
        assertEquals(c.vocabulary().toJson(), data.metadata().get("vocabulary"));

        Safetensors.Contents ck = Safetensors.read(run.resolve("checkpoint.safetensors"));
        Map<String, String> md = ck.metadata();
        assertTrue(ck.verified());
        assertEquals("5", md.get("step"));
        assertEquals("5", md.get("batcher.step"));
        assertEquals("elman batch=4 seq=8", md.get("batcher.key"));
        assertEquals("adamw", md.get("optimizer.kind"));
        assertTrue(ck.tensors().containsKey("optim.lstm1.weight_ih_l0.exp_avg_sq"), ck.tensors().keySet().toString());
        assertTrue(ck.tensors().containsKey("state.lstm1.cell"), ck.tensors().keySet().toString());
    }

    @Test
    void aStoppedRunKeepsItsPlaceInTheSchedule(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=9 batch=4 seq=8 {\n  when step >= 4: stop\n}\n");
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "\" training\n");
        String json = Files.readString(run.resolve("run.json"));
        assertTrue(json.contains("\"run_step\": 4") && json.contains("\"run_total\": 9"), json);
    }

    @Test
    void exampleSetsExportTheirExamples(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run("task parity length=6 samples=40\nmodel c {\n  embed 4\n  layer gru(hidden=5)\n"
                + "  pool last\n  output softmax\n}\ntrain c on parity steps=2 batch=4 seed=9\n");
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "/\" training\n");
        String json = Files.readString(run.resolve("run.json"));
        for (String want : new String[] {"\"feed\": \"examples\"", "\"batcher_key\": \"parity batch=4 seed=9\"", "\"seed\": 9",
                "\"data_kind\": \"classification\"", "\"output\": \"softmax\""}) {
            assertTrue(json.contains(want), want + " in\n" + json);
        }
        org.seqlab.data.ExampleSet set = (org.seqlab.data.ExampleSet) h.interp.workspace().data("parity").data();
        Safetensors.Contents data = Safetensors.read(run.resolve("data.safetensors"));
        int n = set.train().size();
        int[] labels = new int[n], first = set.train().input(0);
        for (int e = 0; e < n; e++) labels[e] = set.train().label(e);
        assertArrayEquals(labels, data.get("train.label").intValues());
        int[] offsets = data.get("train.input_offsets").intValues();
        assertEquals(n + 1, offsets.length);
        assertArrayEquals(java.util.Arrays.copyOf(first, set.train().length(0)),
                java.util.Arrays.copyOfRange(data.get("train.input").intValues(), offsets[0], offsets[1]));
    }

    /** What a train statement set that changes the run reaches run.json, which train.py reads: dropout=, validation, teacher forcing. */
    @Test
    void theTrainStatementsOptionsReachRunJson(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + "model lm {\n  embed 8\n  layer lstm(hidden=8, layers=2, dropout=0.1)\n"
                + "  dropout 0.2\n  output softmax\n}\ntrain lm on elman steps=3 batch=4 seq=8 dropout=0.25 val_every=7 momentum=0.5"
                + " optimizer=sgd nesterov lr=0.3 beta2=0.99\n");
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "/\" training\n");
        String json = Files.readString(run.resolve("run.json"));
        for (String want : new String[] {"\"dropout\": 0.25", "\"val_every\": 7", "\"val_batches\": 20", "\"val_budget\": true",
                "\"optimizer\": \"sgd\"", "\"momentum\": 0.5", "\"nesterov\": true", "\"lr\": 0.3", "\"beta2\": 0.99",
                "\"clip\": 5.0"}) {
            assertTrue(json.contains(want), want + " in\n" + json);
        }
        h.run("train lm on elman steps=2 batch=4 seq=8 val_batches=all clip=off\nexport pytorch \"" + run + "/\" training\n");
        json = Files.readString(run.resolve("run.json"));
        for (String want : new String[] {"\"dropout\": null", "\"val_batches\": 0", "\"val_budget\": false", "\"clip\": 0.0"}) {
            assertTrue(json.contains(want), want + " in\n" + json);
        }

        String pairs = "task reverse length=4 samples=40\nmodel t {\n  encoder { embed 4; layer gru(hidden=6) }\n"
                + "  decoder { embed 4; layer gru(hidden=6); output softmax }\n}\n";
        EngineHarness e = new EngineHarness().run(pairs + "train t on reverse steps=2 batch=4 teacher_forcing=0.5\n");
        e.run("export pytorch \"" + dir.resolve("half") + "/\" training\n");
        assertTrue(Files.readString(dir.resolve("half/run.json")).contains("\"teacher_forcing\": 0.5"));
        assertEquals(Long.toString(e.session("t").state.coin().state()),
                Safetensors.read(dir.resolve("half/checkpoint.safetensors")).metadata().get("forcing.coin"));
        e.run("train t on reverse steps=2 batch=4 teacher_forcing=scheduled\nexport pytorch \"" + dir.resolve("sched") + "/\" training\n");
        assertTrue(Files.readString(dir.resolve("sched/run.json")).contains("\"teacher_forcing\": \"scheduled\""));
    }

    @Test
    void maskedRunsExportWhatTheirMasksAreDrawnFrom(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + "model b {\n  embed 8\n  transformer heads=2 dim=8\n"
                + "  output softmax\n}\ntrain b on elman objective=masked rate=0.2 steps=3 batch=4 seq=8 seed=11\n");
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "/\" training\n");
        org.seqlab.data.Vocabulary v = h.session("b").compiled.data().vocabulary();
        String json = Files.readString(run.resolve("run.json"));
        for (String want : new String[] {"\"feed\": \"masked\"", "\"batcher_key\": \"elman masked batch=4 seq=8\"",
                "\"data_kind\": \"masked_token\"", "\"mask_rate\": 0.2", "\"mask_id\": " + v.maskId() + ",",
                "\"mask_never\": []", "\"vocabulary_size\": " + v.size() + "\n"}) {
            assertTrue(json.contains(want), want + " in\n" + json);
        }
        // every special token is kept from the random 10%: here <unk> (if the corpus has one) and <mask>
        java.util.regex.Matcher special = java.util.regex.Pattern.compile("\"mask_not_drawn\": \\[([0-9, ]*)]").matcher(json);
        assertTrue(special.find(), json);
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int id = 0; id < v.size(); id++) if (org.seqlab.data.Vocabulary.isSpecial(v.token(id))) expected.add(Integer.toString(id));
        assertEquals(String.join(", ", expected), special.group(1));
        assertTrue(expected.contains(Integer.toString(v.maskId())), expected.toString());
        Safetensors.Contents data = Safetensors.read(run.resolve("data.safetensors"));
        assertEquals(v.toJson(), data.metadata().get("vocabulary"));
        Map<String, String> md = Safetensors.read(run.resolve("checkpoint.safetensors")).metadata();
        assertEquals("11", md.get("masking.seed"));
        assertEquals("3", md.get("batcher.step"));
    }
}
