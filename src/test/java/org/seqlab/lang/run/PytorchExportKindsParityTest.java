package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Model;
import org.seqlab.train.Seq2SeqEval;

/**
 * One model of each kind the language builds (GPT-style, LSTM then attention, BERT trained on masked tokens,
 * attention pooled over a padded batch, encoder-decoder with additive and with dot attention): seqlab saves and
 * exports it, PyTorch loads the checkpoint into the exported module, and both give the same outputs within 1e-4
 * on the same input, padded batches included; an encoder-decoder's translate gives seqlab's tokens.
 */
@Tag("slow")
class PytorchExportKindsParityTest {

    private static String export(EngineHarness h, Path dir, String name, String train) {
        String base = dir.resolve(name).toString().replace("\\", "/");
        h.run(train + "save \"" + base + ".safetensors\"\nexport pytorch \"" + base + ".py\"\n");
        return base;
    }

    /** seqlab's outputs for a right-padded (steps, batch) batch of ids (lengths null: all real). */
    private static float[] seqlab(Model m, int[] ids, int steps, int batch, int[] lengths) {
        for (var r : m.recurrentLayers()) r.prepareState(batch);
        m.resetState();
        return m.forward(ids, 0, steps, batch, lengths, false).toHost();
    }

    private static int[] ids(int n, int vocab, int mult) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = (i * mult + 1) % vocab;
        return ids;
    }

    /** Python lines that emit 1 when the module's state_dict keys are exactly names (the checkpoint's tensor names). */
    private static String[] sameKeys(java.util.List<String> names) {
        String list = names.stream().map(n -> "'" + n + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        return new String[] {"want, have = set(" + list + "), set(model.state_dict())",
                "print('keys only in the checkpoint:', sorted(want - have), 'only in the module:', sorted(have - want))",
                "emit([1.0 if want == have else 0.0])"};
    }

    private static java.util.List<String> names(java.util.List<org.seqlab.nn.Param> params) {
        return params.stream().map(org.seqlab.nn.Param::name).toList();
    }

    /** A next-token model: one batch of two sequences, the second padded, against the module's forward with lengths. */
    private static void nextToken(EngineHarness h, Path dir, String name, String what, int[] lengths, Integer maskEvery) throws Exception {
        String base = export(h, dir, name, "");
        Model m = h.session(name).state.model();
        int vocab = m.inputLayer().vocabulary(), steps = 10, batch = lengths.length;
        int[] x = ids(steps * batch, vocab, 5);
        if (maskEvery != null) {
            int mask = h.session(name).compiled.data().vocabulary().maskId();
            assertTrue(mask >= 0, "the masked model's vocabulary has <mask>");
            for (int i = 0; i < x.length; i += maskEvery) x[i] = mask;
        }
        float[] want = seqlab(m, x, steps, batch, lengths);
        java.util.List<String> keys = new java.util.ArrayList<>(names(m.params()));
        keys.addAll(names(m.buffers()));
        String[] check = sameKeys(keys);
        double[][] got = TorchScript.run(dir, base,
                "y, _ = model(" + TorchScript.ids(x, steps, batch) + ", lengths=torch.tensor(" + Arrays.toString(lengths) + "))",
                "emit(y)", check[0], check[1], check[2]);
        TorchScript.assertClose(what, want, got[0], TorchScript.realSteps(steps, batch, vocab, lengths));
        assertEquals(1.0, got[1][0], what + ": the module's state_dict keys are the checkpoint's names " + keys);
    }

    @Test
    void gptStyleModelMatches(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + "model gpt {\n  embed 16\n  positional learned max=16\n"
                + "  transformer heads=2 ff=32 causal dropout=0.1\n  transformer heads=4 causal\n  layernorm\n  output softmax\n}\n"
                + "train gpt on elman steps=3 batch=4 seq=12 lr=1e-2\n");
        nextToken(h, dir, "gpt", "GPT-style (learned positions, 2 causal transformer blocks)", new int[] {10, 7}, null);
        String out = TorchScript.demo(dir.resolve("gpt").toString());       // samples, re-reading its window each step
        assertTrue(out.startsWith("loaded gpt (") && out.lines().count() >= 2, out);
    }

    @Test
    void lstmThenAttentionMatches(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + "model la {\n  embed 8 freeze\n  layer lstm(hidden=12, layers=2)\n"
                + "  positional sinusoidal max=32\n  attention heads=2 dim=8 causal\n  dense 6 activation=relu\n  dropout 0.2\n  output softmax\n}\n"
                + "train la on elman steps=3 batch=4 seq=12 lr=1e-2\n");
        nextToken(h, dir, "la", "LSTM then causal attention (frozen embedding, sinusoidal positions, dim=)", new int[] {10, 6}, null);
    }

    @Test
    void bertTrainedOnMaskedTokensMatches(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + MaskedTrainingTest.BERT
                + "train bert on elman objective=masked rate=0.15 steps=3 batch=8 seq=16 lr=1e-2\n");
        nextToken(h, dir, "bert", "BERT (masked-token head, full attention)", new int[] {10, 4}, 3);
    }

    @Test
    void attentionPooledOverAPaddedBatchMatches(@TempDir Path dir) throws Exception {
        TorchScript.assumeTorch();
        EngineHarness h = new EngineHarness().run("set seed=2\ntask parity length=8 samples=40\nmodel p {\n  onehot\n"
                + "  attention heads=1 dim=4\n  layer gru(hidden=5) bidirectional\n  pool mean\n  output softmax\n}\n"
                + "train p on parity steps=3 batch=4 lr=1e-2 validate=1000\n");
        String base = export(h, dir, "p", "");
        Model m = h.session("p").state.model();
        int steps = 8, batch = 3;
        int[] lengths = {3, 8, 5};
        int[] x = ids(steps * batch, m.inputLayer().vocabulary(), 7);
        float[] want = seqlab(m, x, steps, batch, lengths);
        double[][] got = TorchScript.run(dir, base,
                "y, _ = model(" + TorchScript.ids(x, steps, batch) + ", lengths=torch.tensor(" + Arrays.toString(lengths) + "))",
                "emit(y)");
        TorchScript.assertClose("pooled many-to-one (attention and bidirectional GRU over a padded batch)", want, got[0], null);
    }

    @Test
    void encoderDecoderWithAdditiveAttentionMatches(@TempDir Path dir) throws Exception {
        seq2seq(dir, "encoder { embed 8 from \"VECTORS\" freeze; layer lstm(hidden=12) bidirectional }\n"
                + "  decoder { embed 8; layer lstm(hidden=12); attention over=encoder kind=additive dim=10; dense 12 activation=tanh; output softmax }",
                "encoder-decoder, additive attention (frozen vectors, bidirectional LSTM encoder bridged to the decoder)");
    }

    @Test
    void encoderDecoderWithDotAttentionMatches(@TempDir Path dir) throws Exception {
        seq2seq(dir, "encoder { onehot; layer gru(hidden=16, layers=2) }\n"
                + "  decoder { embed 8; layer gru(hidden=16, layers=2); attention over=encoder kind=dot; output softmax }",
                "encoder-decoder, dot attention (2-layer GRUs)");
    }

    private static void seq2seq(Path dir, String body, String what) throws Exception {
        TorchScript.assumeTorch();
        Path vectors = dir.resolve("letters.txt");                 // word vectors for two of the symbols
        java.nio.file.Files.writeString(vectors, "a 1 0 0 0 0.5 0 0 0\nb 0 1 0 0 0 -0.5 0 0\n");
        body = body.replace("VECTORS", vectors.toString().replace("\\", "/"));
        EngineHarness h = new EngineHarness().run("set seed=3\ntask reverse length=5 symbols=4 samples=200\nmodel t {\n  " + body
                + "\n}\ntrain t on reverse steps=40 batch=8 lr=1e-2\n");
        String base = export(h, dir, "t", "");
        EncoderDecoder m = h.session("t").encoderDecoder();
        Vocabulary v = h.session("t").compiled.data().vocabulary();
        int vocab = m.decoder().outputLayer().outputWidth(), srcSteps = 5, tgtSteps = 6, batch = 3;
        int[] srcLengths = {5, 3, 4}, tgtLengths = {6, 4, 5};
        int[] src = ids(srcSteps * batch, vocab, 3), tgt = ids(tgtSteps * batch, vocab, 5);
        float[] want = m.forward(src, 0, srcSteps, srcLengths, tgt, 0, tgtSteps, tgtLengths, batch, false).toHost();
        int[][] sources = {{v.id("a"), v.id("b"), v.id("c")}, {v.id("d"), v.id("a"), v.id("a"), v.id("c"), v.id("b")}};
        for (int[] s : sources) for (int id : s) assertTrue(id >= 0, "symbol in the vocabulary " + v.tokens());
        java.util.List<String> names = new java.util.ArrayList<>(names(m.params()));
        names.addAll(names(m.buffers()));
        String[] keys = sameKeys(names);
        double[][] got = TorchScript.run(dir, base,
                "y = model(" + TorchScript.ids(src, srcSteps, batch) + ", " + TorchScript.ids(tgt, tgtSteps, batch)
                        + ", src_lengths=torch.tensor(" + Arrays.toString(srcLengths) + "), tgt_lengths=torch.tensor("
                        + Arrays.toString(tgtLengths) + "))",
                "emit(y)",
                "emit(model.translate(" + Arrays.toString(sources[0]) + "))",
                "emit(model.translate(" + Arrays.toString(sources[1]) + "))",
                keys[0], keys[1], keys[2]);
        assertEquals(1.0, got[3][0], what + ": the module's state_dict keys are the checkpoint's names");
        TorchScript.assertClose(what, want, got[0], TorchScript.realSteps(tgtSteps, batch, vocab, tgtLengths));
        for (int i = 0; i < sources.length; i++) {
            int[] seq = Seq2SeqEval.translate(m, sources[i], v.bosId(), v.eosId(), 2 * sources[i].length + 10);
            assertTrue(seq.length > 0, "seqlab translates " + Arrays.toString(sources[i]));
            assertEquals(Arrays.toString(seq), Arrays.toString(Arrays.stream(got[1 + i]).mapToInt(d -> (int) d).toArray()),
                    what + ": translate " + Arrays.toString(sources[i]));
        }
        String out = TorchScript.demo(base);
        assertTrue(out.startsWith("loaded t (") && out.contains("translate ["), out);
    }
}
