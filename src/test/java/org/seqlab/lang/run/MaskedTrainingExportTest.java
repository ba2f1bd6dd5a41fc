package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqlab.lang.run.TrainPy.*;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.Vocabulary;
import org.seqlab.train.HistoryPoint;

/**
 * objective=masked (BERT) continued in PyTorch: train.py's feeds.MaskedLm draws seqlab's masks bit for bit (checked
 * against {@link MaskedLm} itself), and a BERT-like encoder trained in seqlab, exported with its training and
 * continued by train.py loses per step what seqlab continuing the same run loses; the checkpoint comes back, evaluates
 * to the printed loss and trains on with the masks seqlab would have drawn. Also with two gloo ranks. Needs
 * {@code /usr/bin/python3} with torch; skipped otherwise.
 */
@Tag("slow")
class MaskedTrainingExportTest {

    static final String BERT = "model bert {\n  embed 16\n  positional learned max=16\n  transformer heads=2 dim=16 ff=32\n"
            + "  transformer heads=2 dim=16 ff=32\n  layernorm\n  output softmax\n}\n";
    static final String OPTIONS = "objective=masked rate=0.15 batch=8 seq=16 lr=3e-3 optimizer=adamw weight_decay=0.05"
            + " schedule=cosine warmup=3 clip=1 val_batches=3";
    /** seqlab's first stretch, then both engines' (the second crosses the end of an epoch of the elman corpus). */
    private static final int FIRST = 30, MORE = 20;

    @Test
    void masksAreSeqlabsBitForBit(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + BERT + "train bert on elman steps=1 " + OPTIONS + "\n");
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "/\" training\n");
        Vocabulary v = h.session("bert").compiled.data().vocabulary();
        // seeds of either sign, steps far apart, rows with padding (lengths), and a vocabulary's every id as input
        long[][] cases = {{7, 0}, {7, 1}, {-3, 41}, {Long.MIN_VALUE + 5, 1_000_003}, {20_181_011L, 2}, {123_456_789_012L, 77}};
        StringBuilder in = new StringBuilder("["), want = new StringBuilder("[");
        SplittableRandom ids = new SplittableRandom(11);
        for (int c = 0; c < cases.length; c++) {
            int b = 6, t = 17;
            int[] x = new int[b * t], tg = new int[b * t];
            for (int i = 0; i < x.length; i++) x[i] = ids.nextInt(v.size());
            int[] lengths = c % 2 == 1 ? new int[] {17, 1, 5, 16, 9, 2} : null;
            String inputs = rows(x, b, t);
            new MaskedLm(v, c == 4 ? 0.3 : 0.15, cases[c][0]).apply(x, tg, b, t, lengths, cases[c][1]);
            in.append(c > 0 ? "," : "").append(String.format(Locale.ROOT, "{\"seed\":%d,\"step\":%d,\"rate\":%s,\"inputs\":%s,\"lengths\":%s}",
                    cases[c][0], cases[c][1], c == 4 ? "0.3" : "0.15", inputs, lengths == null ? "null" : java.util.Arrays.toString(lengths)
                            .replace(" ", "")));
            want.append(c > 0 ? "," : "").append("[").append(rows(x, b, t)).append(",").append(rows(tg, b, t)).append("]");
        }
        String script = "import json, sys, torch\nsys.path.insert(0, sys.argv[1])\nfrom feeds import MaskedLm\n"
                + "run = json.load(open(sys.argv[1] + '/run.json'))\nout = []\n"
                + "for c in json.load(sys.stdin):\n"
                + "    run['mask_rate'] = c['rate']\n"
                + "    x, y = MaskedLm(run, c['seed']).apply(torch.tensor(c['inputs']), c['step'], c['lengths'])\n"
                + "    out.append([x.tolist(), y.tolist()])\n"
                + "print(json.dumps(out, separators=(',', ':')))\n";
        Path py = dir.resolve("masks.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString(), run.toString()).redirectErrorStream(true).start();
        try (OutputStream o = p.getOutputStream()) {
            o.write(in.append("]").toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = finish(p).strip();
        assertEquals(want.append("]").toString(), out);
    }

    @Test
    void oneProcessContinuesAMaskedRunAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + BERT + "train bert on elman steps=" + FIRST + " " + OPTIONS + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        assertTrue(Files.readString(run.resolve("run.json")).contains("\"feed\": \"masked\""));
        Path back = dir.resolve("back.safetensors");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "" + MORE, "--out", back.toString()));
        List<Double> torch = losses(out);
        assertEquals(MORE, torch.size(), out);
        assertTrue(out.contains("(batch position " + FIRST + ")"), out);

        seqlab.run("train bert on elman steps=" + MORE + " " + OPTIONS + "\n");
        List<Double> java = seqlab.losses("bert").subList(FIRST, FIRST + MORE);
        List<HistoryPoint> h = seqlab.session("bert").state.history();
        assertTrue(h.get(FIRST).epoch() < h.get(FIRST + MORE - 1).epoch(), "the stretch crosses an epoch's end: " + h);
        StringBuilder diffs = new StringBuilder();
        for (int i = 0; i < MORE; i++) diffs.append(String.format(Locale.ROOT, " %d:%.1e", FIRST + i + 1, Math.abs(java.get(i) - torch.get(i))));
        double early = 0, late = 0;
        for (int i = 0; i < 5; i++) {
            early = Math.max(early, Math.abs(java.get(i) - torch.get(i)));
            late = Math.max(late, Math.abs(java.get(MORE - 1 - i) - torch.get(MORE - 1 - i)));
        }
        System.out.printf(Locale.ROOT, "objective=masked: seqlab vs train.py loss difference, max %.1e over the first 5 steps,"
                + " %.1e over the last 5; per step:%s%n", early, late, diffs);
        for (int i = 0; i < MORE; i++) assertEquals(java.get(i), torch.get(i), 1e-3, "step " + (FIRST + i + 1) + ":" + diffs);

        loadsEvaluatesAndTrainsOn(back, evaluated(out), FIRST + MORE, h.get(FIRST + MORE - 1).epoch(), torch.get(MORE - 1), seqlab);

        String port = Integer.toString(freePort());
        Path two = dir.resolve("two.safetensors");
        List<Process> ranks = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ProcessBuilder pb = new ProcessBuilder(PYTHON, run.resolve("train.py").toString(), "--steps", "" + MORE, "--out", two.toString())
                    .redirectErrorStream(true).directory(dir.toFile());
            pb.environment().putAll(Map.of("RANK", "" + r, "LOCAL_RANK", "" + r, "WORLD_SIZE", "2",
                    "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", port, "OMP_NUM_THREADS", "1"));
            ranks.add(pb.start());
        }
        String rank1 = finish(ranks.get(1)), rank0 = finish(ranks.get(0));
        assertTrue(rank0.contains("on 2 processes (cpu)"), rank0 + "\n--- rank 1:\n" + rank1);
        List<Double> pair = losses(rank0);
        assertEquals(MORE, pair.size(), rank0 + "\n--- rank 1:\n" + rank1);
        for (int i = 0; i < MORE; i++) assertEquals(torch.get(i), pair.get(i), 1e-5, "step " + (FIRST + i + 1) + "\n" + rank0);
        assertEquals(evaluated(out), evaluated(rank0), 1e-5, rank0);
        EngineHarness again = new EngineHarness().run(EngineHarness.DATA + "load \"" + two + "\"\nevaluate bert on elman\n");
        assertEquals(evaluated(rank0), evaluatedLoss(again.output()), 1e-4, again.output());
    }

    /** A bidirectional recurrent masked model: every batch starts from a zero state in both engines. */
    @Test
    void aBidirectionalGruContinuesAsSeqlabDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON);
        String model = "model bi {\n  embed 8\n  layer gru(hidden=12) bidirectional\n  output softmax\n}\n";
        String options = "objective=masked rate=0.25 batch=4 seq=12 lr=1e-2 optimizer=adam val_batches=2";
        EngineHarness seqlab = new EngineHarness().run(EngineHarness.DATA + model + "train bi on elman steps=6 " + options + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        String out = python(dir, List.of(PYTHON, run.resolve("train.py").toString(), "--steps", "8"));
        List<Double> torch = losses(out);
        seqlab.run("train bi on elman steps=8 " + options + "\n");
        List<Double> java = seqlab.losses("bi").subList(6, 14);
        assertEquals(8, torch.size(), out);
        for (int i = 0; i < 8; i++) assertEquals(java.get(i), torch.get(i), 1e-4, "step " + (7 + i) + "\n" + out + "\n" + java);
    }

    /**
     * seqlab loads train.py's checkpoint at its step, evaluates (masked, at the run's rate) to the loss train.py
     * printed, and trains on with the masks and batches it would have drawn: the same losses as the session that
     * ran all the steps itself.
     */
    private static void loadsEvaluatesAndTrainsOn(Path file, double printed, int step, int epoch, double lastLoss, EngineHarness whole) {
        EngineHarness again = new EngineHarness().run(EngineHarness.DATA + "load \"" + file + "\"\nevaluate bert on elman\n");
        List<HistoryPoint> loaded = again.session("bert").state.history();
        assertEquals(step, loaded.size());
        assertEquals(epoch, loaded.get(step - 1).epoch());
        assertEquals(lastLoss, loaded.get(step - 1).loss(), 1e-7);
        String text = again.output();
        assertTrue(text.contains("loaded bert (") && text.contains(", step " + step + ") from"), text);
        assertTrue(text.contains("masked targets"), text);
        assertEquals(printed, evaluatedLoss(text), 1e-4, text);
        again.run("train bert on elman steps=5 " + OPTIONS + "\n");
        whole.run("train bert on elman steps=5 " + OPTIONS + "\n");
        List<Double> mine = again.losses("bert"), theirs = whole.losses("bert");
        assertEquals(step + 5, mine.size());
        for (int i = step; i < step + 5; i++) {
            assertEquals(theirs.get(i), mine.get(i), 1e-3, "step " + (i + 1) + " after the load: " + mine.subList(step, step + 5)
                    + " vs " + theirs.subList(step, step + 5));
        }
    }

    private static double evaluatedLoss(String text) {
        Matcher m = Pattern.compile("loss\\s+(\\d+\\.\\d+)").matcher(text.substring(text.lastIndexOf("masked targets")));
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }

    private static String rows(int[] x, int b, int t) {
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < b; r++) {
            sb.append(r > 0 ? ",[" : "[");
            for (int j = 0; j < t; j++) sb.append(j > 0 ? "," : "").append(x[r * t + j]);
            sb.append("]");
        }
        return sb.append("]").toString();
    }
}
