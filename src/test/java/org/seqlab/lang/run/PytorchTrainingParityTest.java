package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqlab.lang.run.TrainPy.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.train.HistoryPoint;

/**
 * The same run in two engines: seqlab trains, saves and exports with its training; train.py continues the run in
 * PyTorch while seqlab continues it too, on the same batches; the per-step losses agree, and the checkpoint train.py
 * writes loads back into seqlab, evaluates to the loss train.py printed, and trains on. Also with two gloo processes
 * (ranks started with torchrun's environment variables). Needs {@code /usr/bin/python3} with torch; skipped otherwise.
 */
@Tag("slow")
class PytorchTrainingParityTest {

    /** A first stretch of seqlab's run, then one that crosses the end of the first epoch (43 batches of 4x8 tokens). */
    private static final int FIRST = 30, MORE = 20;
    private static final String OPTIONS = "batch=4 seq=8 lr=2e-2 optimizer=adamw weight_decay=0.05 schedule=cosine warmup=3"
            + " clip=0.5 val_batches=3";

    @Test
    void oneProcessContinuesTheRunAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model lm {\n  embed 8\n  layer lstm(hidden=16, layers=2)\n  dense 12 activation=tanh\n  output softmax\n}\n";
        EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + model
                + "train lm on elman steps=" + FIRST + " " + OPTIONS + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        Path back = dir.resolve("back.safetensors");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "" + MORE, "--out", back.toString()),
                Map.of());
        List<Double> torch = losses(out);
        assertEquals(MORE, torch.size(), out);

        seqlab.run("train lm on elman steps=" + MORE + " " + OPTIONS + "\n");
        List<HistoryPoint> h = seqlab.session("lm").state.history();
        List<Double> java = h.subList(h.size() - MORE, h.size()).stream().map(HistoryPoint::loss).toList();
        StringBuilder diffs = new StringBuilder();
        for (int i = 0; i < MORE; i++) {
            diffs.append(String.format(Locale.ROOT, " %d:%.1e", FIRST + i + 1, Math.abs(java.get(i) - torch.get(i))));
        }
        System.out.println("seqlab vs train.py loss difference per step:" + diffs);
        for (int i = 0; i < 5; i++) assertEquals(java.get(i), torch.get(i), 1e-3, "step " + (FIRST + i + 1) + ":" + diffs);
        for (int i = 5; i < MORE; i++) assertEquals(java.get(i), torch.get(i), 1e-2, "step " + (FIRST + i + 1) + ":" + diffs);

        loadsAndEvaluates(back, evaluated(out), FIRST + MORE, torch.get(MORE - 1));
    }

    /** A GPT-style model (learned positions, causal pre-LayerNorm blocks) goes through the same round trip. */
    @Test
    void aGptStyleModelContinuesAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model lm {\n  embed 16\n  positional learned max=8\n  transformer heads=2 dim=16 causal\n"
                + "  transformer heads=2 dim=16 causal\n  layernorm\n  output softmax\n}\n";
        String options = "batch=4 seq=8 lr=3e-3 optimizer=adamw weight_decay=0.1 beta2=0.99 clip=1 val_batches=3";
        EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + model + "train lm on elman steps=8 " + options + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        Path back = dir.resolve("back.safetensors");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "10", "--out", back.toString()), Map.of());
        List<Double> torch = losses(out);
        seqlab.run("train lm on elman steps=10 " + options + "\n");
        List<Double> java = seqlab.losses("lm").subList(8, 18);
        StringBuilder diffs = new StringBuilder();
        for (int i = 0; i < 10; i++) diffs.append(String.format(Locale.ROOT, " %d:%.1e", 9 + i, Math.abs(java.get(i) - torch.get(i))));
        System.out.println("GPT-style: seqlab vs train.py loss difference per step:" + diffs);
        for (int i = 0; i < 10; i++) assertEquals(java.get(i), torch.get(i), 1e-3, "step " + (9 + i) + ":" + diffs);
        loadsAndEvaluates(back, evaluated(out), 18, torch.get(9));
    }

    /**
     * An encoder-decoder with attention on task reverse: shuffled batches (seqlab's generator), short last batches,
     * two epochs crossed; the checkpoint comes back and evaluates to the printed loss. Also with two gloo ranks.
     */
    @Test
    void anEncoderDecoderContinuesAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String data = "set seed=5\ntask reverse length=6 samples=200\n";
        String model = "model t {\n  encoder { embed 8; layer gru(hidden=12) }\n"
                + "  decoder { embed 8; layer gru(hidden=12); attention over=encoder; output softmax }\n}\n";
        String options = "batch=8 lr=1e-2 optimizer=adam val_batches=2";
        EngineHarness seqlab = new EngineHarness().run(data + model + "train t on reverse steps=10 " + options + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        Path back = dir.resolve("back.safetensors");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "40", "--out", back.toString()), Map.of());
        List<Double> torch = losses(out);
        assertEquals(40, torch.size(), out);
        seqlab.run("train t on reverse steps=40 " + options + "\n");
        List<Double> java = seqlab.losses("t").subList(10, 50);
        StringBuilder diffs = new StringBuilder();
        for (int i = 0; i < 40; i++) diffs.append(String.format(Locale.ROOT, " %d:%.1e", 11 + i, Math.abs(java.get(i) - torch.get(i))));
        System.out.println("encoder-decoder: seqlab vs train.py loss difference per step:" + diffs);
        for (int i = 0; i < 40; i++) assertEquals(java.get(i), torch.get(i), 1e-3, "step " + (11 + i) + ":" + diffs);

        EngineHarness again = new EngineHarness().run(data + "load \"" + back + "\"\nevaluate t on reverse\n");
        Matcher m = Pattern.compile("validation: loss (\\d+\\.\\d+)").matcher(again.output());
        assertTrue(m.find() && again.output().contains(", step 50) from"), again.output());
        assertEquals(evaluated(out), Double.parseDouble(m.group(1)), 1e-4, again.output());
        again.run("train t on reverse steps=2 " + options + "\n");
        assertEquals(52, again.session("t").state.step());

        String port = Integer.toString(freePort());
        List<Process> ranks = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ProcessBuilder pb = new ProcessBuilder(PYTHON, run.resolve("train.py").toString(), "--steps", "40", "--out",
                    dir.resolve("two.safetensors").toString()).redirectErrorStream(true).directory(dir.toFile());
            pb.environment().putAll(Map.of("RANK", "" + r, "LOCAL_RANK", "" + r, "WORLD_SIZE", "2",
                    "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", port, "OMP_NUM_THREADS", "1"));
            ranks.add(pb.start());
        }
        String rank1 = finish(ranks.get(1)), rank0 = finish(ranks.get(0));
        List<Double> pair = losses(rank0);
        assertEquals(40, pair.size(), rank0 + "\n--- rank 1:\n" + rank1);
        for (int i = 0; i < 40; i++) assertEquals(torch.get(i), pair.get(i), 1e-5, "step " + (11 + i) + "\n" + rank0);
    }

    /**
     * Scheduled sampling and a fixed teacher_forcing=0.5: the decoder reads its own greedy choices where seqlab's coin
     * says so, and train.py draws the coin's stream as seqlab does (its state comes back equal). A scheduled run stopped
     * at step 10 of 30 finishes in PyTorch at its place in the schedule, as the uninterrupted run in seqlab; the 0.5 run
     * goes on as seqlab continues it, with the default validation budget (the same steps validate, the same values).
     */
    @Test
    void anEncoderDecoderBelowTeacherForcingContinuesAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String data = "set seed=5\ntask reverse length=6 samples=200\n";
        String model = "model t {\n  encoder { embed 8; layer gru(hidden=12) }\n"
                + "  decoder { embed 8; layer gru(hidden=12); attention over=encoder; output softmax }\n}\n";
        String scheduled = "train t on reverse steps=30 batch=8 lr=1e-2 optimizer=adam val_batches=2 teacher_forcing=scheduled";
        List<Double> whole = new EngineHarness().run(data + model + scheduled + "\n").losses("t");
        EngineHarness stopped = new EngineHarness().run(data + model + scheduled + " {\n  when step >= 10: stop\n}\n");
        stopped.run("export pytorch \"" + dir.resolve("sched") + "/\" training\n");
        String out = python(dir, List.of(PYTHON, dir.resolve("sched/train.py").toString()), Map.of());
        List<Double> torch = losses(out);
        assertEquals(20, torch.size(), out);
        System.out.println("scheduled sampling: seqlab vs train.py loss difference per step:" + diffs(whole.subList(10, 30), torch, 11));
        for (int i = 0; i < 20; i++) assertEquals(whole.get(10 + i), torch.get(i), 1e-3, "step " + (11 + i) + ":" + out);

        String half = "batch=8 lr=1e-2 optimizer=adam teacher_forcing=0.5";
        EngineHarness seqlab = new EngineHarness().run(data + model + "train t on reverse steps=10 " + half + "\n");
        seqlab.run("export pytorch \"" + dir.resolve("half") + "/\" training\n");
        Path back = dir.resolve("half.safetensors");
        out = python(dir, List.of(PYTHON, dir.resolve("half/train.py").toString(), "--steps", "30", "--out", back.toString()), Map.of());
        torch = losses(out);
        assertEquals(30, torch.size(), out);
        seqlab.run("train t on reverse steps=30 " + half + "\n");
        List<Double> java = seqlab.losses("t").subList(10, 40);
        System.out.println("teacher_forcing=0.5: seqlab vs train.py loss difference per step:" + diffs(java, torch, 11));
        for (int i = 0; i < 30; i++) assertEquals(java.get(i), torch.get(i), 1e-3, "step " + (11 + i) + ":" + out);
        assertEquals(Long.toString(seqlab.session("t").state.coin().state()),
                org.seqlab.tensor.Safetensors.read(back).metadata().get("forcing.coin"), "the coin's state after step 40");
        List<HistoryPoint> loaded = new EngineHarness().run(data + "load \"" + back + "\"\n").session("t").state.history();
        List<HistoryPoint> h = seqlab.session("t").state.history();
        assertEquals(40, loaded.size());
        for (int i = 10; i < 40; i++) {
            double want = h.get(i).valLoss(), got = loaded.get(i).valLoss();
            assertEquals(Double.isNaN(want), Double.isNaN(got), "validated at step " + (i + 1) + "? " + out);
            if (!Double.isNaN(want)) assertEquals(want, got, 1e-3, "val_loss at step " + (i + 1));
        }

        // Two gloo ranks: each draws the coin for every row and decodes its own rows greedily; the same steps as one process.
        String port = Integer.toString(freePort());
        List<Process> ranks = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ProcessBuilder pb = new ProcessBuilder(PYTHON, dir.resolve("half/train.py").toString(), "--steps", "12", "--out",
                    dir.resolve("two.safetensors").toString()).redirectErrorStream(true).directory(dir.toFile());
            pb.environment().putAll(Map.of("RANK", "" + r, "LOCAL_RANK", "" + r, "WORLD_SIZE", "2",
                    "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", port, "OMP_NUM_THREADS", "1"));
            ranks.add(pb.start());
        }
        String rank1 = finish(ranks.get(1)), rank0 = finish(ranks.get(0));
        List<Double> pair = losses(rank0);
        assertEquals(12, pair.size(), rank0 + "\n--- rank 1:\n" + rank1);
        for (int i = 0; i < 12; i++) assertEquals(torch.get(i), pair.get(i), 1e-5, "step " + (11 + i) + "\n" + rank0);
    }

    /**
     * A model that declares dropout, trained with dropout=0: train.py runs at the run's rate (0), not the model's, so
     * its losses are seqlab's (dropout's masks are PyTorch's own: only a rate of 0 can agree step by step).
     */
    @Test
    void theRunsDropoutGoesWithIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model lm {\n  embed 8\n  layer lstm(hidden=16, layers=2, dropout=0.3)\n  dropout 0.4\n  output softmax\n}\n";
        String options = "batch=4 seq=8 lr=2e-2 optimizer=adam val_batches=2 dropout=0";
        EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + model + "train lm on elman steps=6 " + options + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "8"), Map.of());
        assertTrue(out.contains("dropout 0 at every dropout site (the run's dropout=); its masks are PyTorch's"), out);
        List<Double> torch = losses(out);
        seqlab.run("train lm on elman steps=8 " + options + "\n");
        List<Double> java = seqlab.losses("lm").subList(6, 14);
        assertEquals(8, torch.size(), out);
        System.out.println("dropout=0 over declared dropout: seqlab vs train.py loss difference per step:" + diffs(java, torch, 7));
        for (int i = 0; i < 8; i++) assertEquals(java.get(i), torch.get(i), 1e-4, "step " + (7 + i) + ":" + out);
    }

    private static String diffs(List<Double> java, List<Double> torch, int firstStep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < java.size(); i++) {
            sb.append(String.format(Locale.ROOT, " %d:%.1e", firstStep + i, Math.abs(java.get(i) - torch.get(i))));
        }
        return sb.toString();
    }

    /** SGD (Nesterov momentum) and RMSprop (momentum) with weight decay and a linear schedule after warm-up, on a GRU stack. */
    @Test
    void sgdAndRmspropContinueAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model lm {\n  embed 8\n  layer gru(hidden=16, layers=2)\n  output softmax\n}\n";
        for (String opt : List.of("optimizer=sgd momentum=0.9 nesterov lr=0.5", "optimizer=rmsprop momentum=0.5 lr=3e-3")) {
            String options = "batch=4 seq=8 " + opt + " weight_decay=0.01 schedule=linear warmup=2 val_batches=2";
            EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + model + "train lm on elman steps=12 " + options + "\n");
            Path run = dir.resolve(opt.substring("optimizer=".length(), opt.indexOf(' ')));
            seqlab.run("export pytorch \"" + run + "/\" training\n");
            List<Double> torch = losses(python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "8"), Map.of()));
            seqlab.run("train lm on elman steps=8 " + options + "\n");
            List<Double> java = seqlab.losses("lm").subList(12, 20);
            assertEquals(8, torch.size());
            for (int i = 0; i < 8; i++) assertEquals(java.get(i), torch.get(i), 1e-4, opt + ", step " + (13 + i));
        }
    }

    /**
     * Example sets: classification (softmax after a pool), regression (linear) and per-step labelling, shuffled as
     * seqlab shuffles them, across an epoch's short last batch; the classifier also on two gloo ranks (one of which
     * has no rows of the short batch).
     */
    @Test
    void exampleSetsContinueAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String[][] cases = {
                {"parity", "task parity length=8 samples=200", "model m { embed 6; layer gru(hidden=8); pool last; output softmax }"},
                {"adding", "task adding length=8 samples=200", "model m { layer lstm(hidden=8); pool last; output linear }"},
                {"copy", "task copy length=6 samples=200", "model m { embed 6; layer lstm(hidden=8); output softmax }"}};
        String options = "batch=16 lr=1e-2 optimizer=adam val_batches=2";
        for (String[] c : cases) {
            EngineHarness seqlab = new EngineHarness().run("set seed=3\n" + c[1] + "\n" + c[2] + "\ntrain m on " + c[0]
                    + " steps=7 " + options + "\n");
            Path run = dir.resolve(c[0]);
            seqlab.run("export pytorch \"" + run + "/\" training\n");
            Path back = dir.resolve(c[0] + ".safetensors");
            String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "12", "--out", back.toString()),
                    Map.of());
            List<Double> torch = losses(out);
            seqlab.run("train m on " + c[0] + " steps=12 " + options + "\n");
            List<Double> java = seqlab.losses("m").subList(7, 19);
            assertEquals(12, torch.size(), out);
            for (int i = 0; i < 12; i++) assertEquals(java.get(i), torch.get(i), 1e-4, c[0] + ", step " + (8 + i) + "\n" + out);

            EngineHarness again = new EngineHarness().run("set seed=3\n" + c[1] + "\nload \"" + back + "\"\nevaluate m on " + c[0] + "\n");
            Matcher m = Pattern.compile("loss\\s+(\\d+\\.\\d+)").matcher(again.output());
            assertTrue(m.find() && again.output().contains(", step 19) from"), again.output());
            assertEquals(evaluated(out), Double.parseDouble(m.group(1)), 1e-4, again.output());

            if (c[0].equals("parity")) {
                String port = Integer.toString(freePort());
                List<Process> ranks = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    ProcessBuilder pb = new ProcessBuilder(PYTHON, run.resolve("train.py").toString(), "--steps", "12", "--out",
                            dir.resolve("two.safetensors").toString()).redirectErrorStream(true).directory(dir.toFile());
                    pb.environment().putAll(Map.of("RANK", "" + r, "LOCAL_RANK", "" + r, "WORLD_SIZE", "2",
                            "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", port, "OMP_NUM_THREADS", "1"));
                    ranks.add(pb.start());
                }
                String rank1 = finish(ranks.get(1)), rank0 = finish(ranks.get(0));
                List<Double> pair = losses(rank0);
                assertEquals(12, pair.size(), rank0 + "\n--- rank 1:\n" + rank1);
                for (int i = 0; i < 12; i++) assertEquals(torch.get(i), pair.get(i), 1e-5, "step " + (8 + i) + "\n" + rank0);
            }
        }
    }

    /** A run stopped at step 4 of 9 goes on in PyTorch where its warm-up and cosine schedule were: as if never stopped. */
    @Test
    void aStoppedRunFinishesOnItsSchedule(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String train = "train lm on elman steps=9 batch=4 seq=8 lr=3e-2 optimizer=adam schedule=cosine warmup=3 val_batches=2";
        EngineHarness whole = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + train + "\n");
        List<Double> want = whole.losses("lm");
        EngineHarness stopped = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + train
                + " {\n  when step >= 4: stop\n}\n");
        Path run = dir.resolve("run");
        stopped.run("export pytorch \"" + run + "/\" training\n");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString()), Map.of());
        assertTrue(out.contains("for 5 steps"), out);
        List<Double> got = losses(out);
        assertEquals(5, got.size(), out);
        for (int i = 0; i < 5; i++) assertEquals(want.get(4 + i), got.get(i), 1e-4, "step " + (5 + i) + "\n" + out);
    }

    @Test
    void twoGlooProcessesTrainAsOne(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=10 " + OPTIONS + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        String one = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "6", "--out",
                dir.resolve("one.safetensors").toString()), Map.of());

        // torchrun crashes under Debian's torch 1.13 with Python 3.11 on some machines: the ranks start by hand,
        // with the environment torchrun gives them.
        String port = Integer.toString(freePort());
        Path two = dir.resolve("two.safetensors");
        List<Process> ranks = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ProcessBuilder pb = new ProcessBuilder(PYTHON, run.resolve("train.py").toString(), "--steps", "6", "--out", two.toString())
                    .redirectErrorStream(true).directory(dir.toFile());
            pb.environment().putAll(Map.of("RANK", "" + r, "LOCAL_RANK", "" + r, "WORLD_SIZE", "2",
                    "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", port, "OMP_NUM_THREADS", "1"));
            ranks.add(pb.start());
        }
        String rank1 = finish(ranks.get(1));
        String rank0 = finish(ranks.get(0));
        assertTrue(rank0.contains("on 2 processes (cpu)"), rank0 + "\n--- rank 1:\n" + rank1);
        List<Double> single = losses(one), pair = losses(rank0);
        assertEquals(6, pair.size(), rank0);
        for (int i = 0; i < 6; i++) assertEquals(single.get(i), pair.get(i), 1e-4, "step " + (11 + i) + "\n" + rank0);
        loadsAndEvaluates(two, evaluated(rank0), 16, pair.get(5));
    }

    /**
     * seqlab loads the checkpoint train.py wrote, with the loss history of both engines' steps, evaluates to the loss
     * train.py printed, and trains on from its step.
     */
    private static void loadsAndEvaluates(Path file, double printed, int step, double lastLoss) {
        EngineHarness again = new EngineHarness().run(EngineHarness.DATA + "load \"" + file + "\"\nevaluate lm on elman\n");
        List<HistoryPoint> loaded = again.session("lm").state.history();
        assertEquals(step, loaded.size());
        assertEquals(step, loaded.get(step - 1).step());
        assertEquals(lastLoss, loaded.get(step - 1).loss(), 1e-7);
        String text = again.output();
        assertTrue(text.contains("loaded lm (") && text.contains(", step " + step + ") from"), text);
        assertTrue(!text.contains("checksum"), text);
        Matcher m = Pattern.compile("loss\\s+(\\d+\\.\\d+)").matcher(text);
        assertTrue(m.find(), text);
        assertEquals(printed, Double.parseDouble(m.group(1)), 1e-4, text);
        again.run("train lm on elman steps=2 " + OPTIONS + "\n");
        List<HistoryPoint> h = again.session("lm").state.history();
        assertEquals(step + 2, h.get(h.size() - 1).step());
        assertTrue(Double.isFinite(h.get(h.size() - 1).loss()));
    }
}
