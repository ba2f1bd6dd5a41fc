package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqlab.lang.run.TrainPy.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Corpus;
import org.seqlab.data.SentencePairs;
import org.seqlab.data.Split;

/**
 * objective=masked+next_sentence (BERT's two objectives) continued in PyTorch: train.py's feeds.SentencePairs draws
 * seqlab's sentence pairs bit for bit (checked against {@link SentencePairs} itself), and a BERT trained in seqlab,
 * exported with its training and continued by train.py, loses per step (masked-token loss + next-sentence loss) what
 * seqlab continuing the same run loses; the checkpoint comes back, evaluates to the printed loss and trains on. Also
 * with two gloo ranks. Needs {@code /usr/bin/python3} with torch; skipped otherwise.
 */
@Tag("slow")
class NextSentenceTrainingExportTest {

    private static final String DATA = NextSentenceTrainingTest.DATA;
    private static final String OPTIONS = "objective=masked+next_sentence batch=8 seq=16 lr=3e-3 optimizer=adamw"
            + " weight_decay=0.05 schedule=cosine warmup=3 clip=1 val_batches=3";
    private static final int FIRST = 12, MORE = 12;

    @Test
    void pairsAreSeqlabsBitForBit(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness h = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + "train bert on stories steps=1 " + OPTIONS + "\n");
        Path run = dir.resolve("run");
        h.run("export pytorch \"" + run + "/\" training\n");
        // the corpus with <mask>, <cls>, <sep>, <pad> and its sentences, as the run trained on it
        Corpus c = ((Corpus) h.interp.workspace().dataSets().values().stream().filter(l -> l.data().name().equals("stories"))
                .findFirst().orElseThrow().data()).maskedPairs(0.15);
        assertEquals(h.session("bert").compiled.data().vocabulary().tokens(), c.vocabulary().tokens());
        long[][] random = {{7, 0}, {7, 1}, {-3, 41}, {Long.MIN_VALUE + 5, 1_000_003}, {123_456_789_012L, 77}};
        StringBuilder want = new StringBuilder("[");
        int b = 6, t = 16;
        for (long[] r : random) {
            int[] ids = new int[b * t], seg = new int[b * t], lengths = new int[b], labels = new int[b];
            c.pairs(Split.TRAIN).fillRandom(ids, seg, lengths, labels, b, t, r[0], r[1]);
            want.append(want.length() > 1 ? "," : "").append(json(ids, seg, lengths, labels));
        }
        int[] ids = new int[b * t], seg = new int[b * t], lengths = new int[b], labels = new int[b];
        c.pairs(Split.VALIDATION).fillOrdered(ids, seg, lengths, labels, b, t, 20_181_011L, 4);
        want.append(",").append(json(ids, seg, lengths, labels)).append("]");
        String script = "import json, sys, torch\nsys.path.insert(0, sys.argv[1])\nfrom feeds import SentencePairs\n"
                + "from seqlab_io import read_safetensors\n"
                + "run = json.load(open(sys.argv[1] + '/run.json'))\ndata, _ = read_safetensors(sys.argv[1] + '/data.safetensors')\n"
                + "train, val = SentencePairs(data['train'], run), SentencePairs(data['validation'], run)\n"
                + "out = [[x.tolist() for x in train.random(6, 16, s, k)] for s, k in " + pythonList(random) + "]\n"
                + "out.append([x.tolist() for x in val.ordered(6, 16, 20181011, 4)])\n"
                + "print(json.dumps(out, separators=(',', ':')))\n";
        Path py = dir.resolve("pairs.py");
        Files.writeString(py, script);
        String out = finish(new ProcessBuilder(TorchScript.PYTHON, py.toString(), run.toString()).redirectErrorStream(true).start());
        assertEquals(want.toString(), out.strip());
    }

    @Test
    void oneAndTwoProcessesContinueTheRunAsSeqlabDoes(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness seqlab = new EngineHarness().run(DATA + MaskedTrainingTest.BERT + "train bert on stories steps=" + FIRST + " "
                + OPTIONS + "\n");
        Path run = dir.resolve("run");
        seqlab.run("export pytorch \"" + run + "/\" training\n");
        assertTrue(Files.readString(run.resolve("run.json")).contains("\"feed\": \"next_sentence\""));
        Path back = dir.resolve("back.safetensors");
        String out = python(dir, List.of(TorchScript.PYTHON, run.resolve("train.py").toString(), "--steps", "" + MORE, "--out",
                back.toString()), Map.of());
        List<Double> torch = losses(out);
        assertEquals(MORE, torch.size(), out);
        assertTrue(out.contains("(batch position " + FIRST + ")"), out);

        seqlab.run("train bert on stories steps=" + MORE + " " + OPTIONS + "\n");
        List<Double> java = seqlab.losses("bert").subList(FIRST, FIRST + MORE);
        StringBuilder diffs = new StringBuilder();
        double max = 0;
        for (int i = 0; i < MORE; i++) {
            double d = Math.abs(java.get(i) - torch.get(i));
            max = Math.max(max, d);
            diffs.append(String.format(Locale.ROOT, " %d:%.1e", FIRST + i + 1, d));
        }
        System.out.printf(Locale.ROOT, "objective=masked+next_sentence: seqlab vs train.py loss difference, max %.1e; per step:%s%n",
                max, diffs);
        for (int i = 0; i < MORE; i++) assertEquals(java.get(i), torch.get(i), 1e-3, "step " + (FIRST + i + 1) + ":" + diffs);

        // seqlab loads the checkpoint, evaluates it to the loss train.py printed, and trains on as the whole run would
        EngineHarness again = new EngineHarness().run(DATA + "load \"" + back + "\"\nevaluate bert on stories\n");
        String text = again.output();
        assertTrue(text.contains(", step " + (FIRST + MORE) + ") from") && text.contains("next sentence"), text);
        assertEquals(evaluated(out), evaluatedLoss(text), 1e-4, text);
        again.run("train bert on stories steps=3 " + OPTIONS + "\n");
        seqlab.run("train bert on stories steps=3 " + OPTIONS + "\n");
        List<Double> mine = again.losses("bert").subList(FIRST + MORE, FIRST + MORE + 3);
        List<Double> theirs = seqlab.losses("bert").subList(FIRST + MORE, FIRST + MORE + 3);
        for (int i = 0; i < 3; i++) assertEquals(theirs.get(i), mine.get(i), 1e-3, "after the load: " + mine + " vs " + theirs);

        String port = Integer.toString(freePort());
        Path two = dir.resolve("two.safetensors");
        List<Process> ranks = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            ProcessBuilder pb = new ProcessBuilder(TorchScript.PYTHON, run.resolve("train.py").toString(), "--steps", "" + MORE, "--out",
                    two.toString()).redirectErrorStream(true).directory(dir.toFile());
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
    }

    private static String json(int[] ids, int[] seg, int[] lengths, int[] labels) {
        int b = lengths.length, t = ids.length / b;
        return "[" + rows(ids, b, t) + "," + rows(seg, b, t) + "," + Arrays.toString(lengths).replace(" ", "") + ","
                + Arrays.toString(labels).replace(" ", "") + "]";
    }

    private static String rows(int[] x, int b, int t) {
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < b; r++) sb.append(r > 0 ? "," : "").append(Arrays.toString(Arrays.copyOfRange(x, r * t, r * t + t)).replace(" ", ""));
        return sb.append("]").toString();
    }

    private static String pythonList(long[][] cases) {
        StringBuilder sb = new StringBuilder("[");
        for (long[] c : cases) sb.append(sb.length() > 1 ? ", " : "").append("(").append(c[0]).append(", ").append(c[1]).append(")");
        return sb.append("]").toString();
    }

    private static double evaluatedLoss(String text) {
        Matcher m = Pattern.compile("loss\\s+(\\d+\\.\\d+)").matcher(text.substring(text.lastIndexOf("masked targets")));
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }
}
