package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;

/**
 * A BERT trained with objective=masked+next_sentence: seqlab saves and exports it, PyTorch loads the checkpoint into
 * the exported module (segment embeddings, masked-LM head, next-sentence head on [CLS]), and on the same padded batch
 * of pairs both give the same masked-LM logits and next-sentence logits within 1e-4; the module's state_dict keys are
 * the checkpoint's names. Needs {@code /usr/bin/python3} with torch; skipped otherwise.
 */
@Tag("slow")
class PytorchExportNextSentenceParityTest {

    @Test
    void bertWithNextSentenceHeadMatches(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness h = new EngineHarness().run(NextSentenceTrainingTest.DATA + MaskedTrainingTest.BERT
                + NextSentenceTrainingTest.TRAIN.replace("steps=6", "steps=3"));
        String base = dir.resolve("bert").toString().replace("\\", "/");
        h.run("save \"" + base + ".safetensors\"\nexport pytorch \"" + base + ".py\"\n");
        assertTrue(h.output().contains("exported bert to " + base + ".py"), h.output());
        Model m = h.session("bert").state.model();
        Vocabulary v = h.session("bert").compiled.data().vocabulary();
        int cls = v.id(Vocabulary.CLS), sep = v.id(Vocabulary.SEP), pad = v.id(Vocabulary.PAD), mask = v.maskId();
        List<Integer> words = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) if (!v.token(i).startsWith("<")) words.add(i);

        // Two pairs, time-major (T, B): <cls> A <sep> B <sep>, the second right-padded, a few tokens masked.
        int steps = 12, batch = 2;
        int[][] rows = {
            {cls, words.get(0), mask, words.get(2), words.get(3), sep, words.get(4), words.get(5), mask, words.get(7), words.get(8), sep},
            {cls, words.get(9), words.get(10), sep, mask, words.get(12), words.get(13), sep, pad, pad, pad, pad}};
        int[][] segs = {{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0}};
        int[] lengths = {12, 8};
        int[] ids = new int[steps * batch], seg = new int[steps * batch];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                ids[t * batch + b] = rows[b][t];
                seg[t * batch + b] = segs[b][t];
            }
        }
        m.segments(seg);
        float[] mlm, nsp, single;
        try {
            mlm = m.forward(ids, 0, steps, batch, lengths, false).toHost();
            nsp = m.nextSentence().logits().toHost();
        } finally {
            m.segments(null);
        }
        single = m.forward(ids, 0, steps, batch, lengths, false).toHost();      // no segments: one text, segment 0

        List<String> keys = new ArrayList<>(m.params().stream().map(Param::name).toList());
        keys.addAll(m.buffers().stream().map(Param::name).toList());
        assertTrue(keys.containsAll(List.of("segment.weight", "nsp.weight", "nsp.bias")), keys.toString());
        String list = keys.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
        String x = TorchScript.ids(ids, steps, batch), s = TorchScript.ids(seg, steps, batch);
        String len = "lengths=torch.tensor(" + Arrays.toString(lengths) + ")";
        double[][] got = TorchScript.run(dir, base,
                "logits, nsp = model(" + x + ", " + len + ", segments=" + s + ")",
                "emit(logits)", "emit(nsp)",
                "single, _ = model(" + x + ", " + len + ")", "emit(single)",
                "p, q = model.predict(" + x + ", " + len + ", segments=" + s + ")", "emit(q.sum(-1))",
                "want, have = set(" + list + "), set(model.state_dict())",
                "print('keys only in the checkpoint:', sorted(want - have), 'only in the module:', sorted(have - want))",
                "emit([1.0 if want == have else 0.0])");
        int vocab = m.inputLayer().vocabulary();
        boolean[] real = TorchScript.realSteps(steps, batch, vocab, lengths);
        TorchScript.assertClose("BERT with next-sentence head: masked-LM logits of a padded batch of pairs", mlm, got[0], real);
        TorchScript.assertClose("BERT with next-sentence head: next-sentence logits at <cls>", nsp, got[1], null);
        TorchScript.assertClose("BERT with next-sentence head: masked-LM logits without segments (one text)", single, got[2], real);
        assertEquals(2, got[3].length);
        for (double one : got[3]) assertEquals(1.0, one, 1e-5, "predict gives the next-sentence probabilities");
        assertEquals(1.0, got[4][0], "the module's state_dict keys are the checkpoint's names " + keys);

        // The file's own demo loads the checkpoint and classifies a pair.
        String out = TorchScript.demo(base);
        assertTrue(out.startsWith("loaded bert (") && out.contains("next-sentence head on "), out);
    }
}
