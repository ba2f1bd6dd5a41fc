package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.SourceSpan;
import org.seqlab.inspect.AttentionMaps;
import org.seqlab.inspect.TextTrace;
import org.seqlab.inspect.render.AttentionMap;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.CrossAttention;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.Trace;
import org.seqlab.nn.TransformerBlock;
import org.seqlab.train.Seq2SeqEval;
import org.seqlab.session.ModelSession;

/**
 * {@code inspect attention} on real attention models: a GPT-style stack of transformer blocks and the
 * cross-attention of an encoder-decoder model. The maps shown must be the weights the model computed: rows
 * sum to 1 and equal those of a separate forward pass of the same model on the same text (in a batch of two),
 * and, for the transformer, softmax(q k^T / sqrt(d)) of the queries and keys that pass traced.
 */
class AttentionInspectionTest {
    private static final String TEXT = "boy eat cookie . cat chase";
    private static final String GPT = EngineHarness.DATA + "use gpt\nmodel g = gpt(width=16, layers=2, heads=2, context=8)\n"
            + "train g on elman steps=40 batch=8 seq=8 lr=1e-2 optimizer=adamw\n";
    private static final String SEQ2SEQ = """
            set seed=3
            task reverse length=4 symbols=4 samples=600
            model t {
              encoder { embed 16; layer gru(hidden=32) bidirectional }
              decoder { embed 16; layer gru(hidden=32); attention over=encoder kind=additive; output softmax }
            }
            train t on reverse steps=40 batch=32 lr=1e-2
            """;

    private static String after(EngineHarness h, String statement) {
        int from = h.output().length();
        h.run(statement);
        return h.output().substring(from);
    }

    private static String message(RunFailure f) {
        return f.diagnostics().get(0).message();
    }

    private static void assertRowsSumToOne(AttentionMap a) {
        for (float[][] w : a.weights()) {
            for (float[] row : w) {
                double sum = 0;
                for (float x : row) sum += x;
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void gptAttentionIsWhatTheBlocksComputed() {
        EngineHarness h = new EngineHarness().run(GPT);
        Model m = h.session("g").state.model();
        Vocabulary v = h.session("g").compiled.data().vocabulary();
        int[] ids = v.encodeStrict(TEXT), other = v.encodeStrict("girl see dog . boy eat");
        int t = ids.length, heads = 2, d = 8;
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(v.token(id));
        AttentionMap shown = AttentionMaps.of(TextTrace.of(m, ids, tokens), 2, AttentionMaps.ALL);
        assertEquals(tokens, shown.queries());
        assertEquals(tokens, shown.keys());
        assertEquals(List.of("head 1", "head 2"), shown.headNames());
        assertRowsSumToOne(shown);

        // A separate forward pass of the same model, the text as element 0 of a batch of two (time-major ids).
        int[] batch = new int[2 * t];
        for (int s = 0; s < t; s++) {
            batch[2 * s] = ids[s];
            batch[2 * s + 1] = other[s];
        }
        m.forward(batch, 0, t, 2, false);
        TransformerBlock second = (TransformerBlock) m.layers().stream().filter(l -> l instanceof TransformerBlock).skip(1).findFirst().orElseThrow();
        Trace tr = new Trace();
        second.attention().record(tr, "b");
        float[] w = tr.get("b.attention.weights").toHost(), q = tr.get("b.attention.queries").toHost(), k = tr.get("b.attention.keys").toHost();
        boolean notUniform = false;
        for (int hd = 0; hd < heads; hd++) {
            for (int i = 0; i < t; i++) {
                // softmax over keys 0..i of q_i . k_j / sqrt(d), in double, from the traced (B, H, T, d) queries and keys
                double[] e = new double[i + 1];
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += q[(hd * t + i) * d + c] * k[(hd * t + j) * d + c];
                    e[j] = Math.exp(dot / Math.sqrt(d));
                    sum += e[j];
                }
                for (int j = 0; j < t; j++) {
                    float got = shown.weights().get(hd)[i][j];
                    assertEquals(w[(hd * t + i) * t + j], got, 1e-6f, "head " + hd + " row " + i + " key " + j);
                    assertEquals(j <= i ? e[j] / sum : 0, got, 1e-5, "softmax of the traced q.k, head " + hd);
                    if (j <= i && Math.abs(got - 1.0 / (i + 1)) > 0.02) notUniform = true;
                }
            }
        }
        assertTrue(notUniform, "after training the weights are not all uniform");
    }

    @Test
    void gptAttentionPrintsAGridAndWritesFiles(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(GPT);
        String all = after(h, "inspect attention layer=2 head=all on \"" + TEXT + "\"");
        assertTrue(all.startsWith("attention, layer 2 (transformer2)"), all);
        assertTrue(all.contains("head 1") && all.contains("head 2") && all.contains("cookie"), all);
        String one = after(h, "inspect attention layer=1 head=2 on \"" + TEXT + "\" values");
        assertTrue(one.startsWith("attention, layer 1 (transformer1), head 2"), one);
        assertTrue(one.contains("1.00"), "the first query sees only itself under the causal mask: " + one);
        for (String f : new String[] {"a.html", "a.png", "a.svg"}) {
            Path p = dir.resolve(f);
            assertEquals("wrote " + p + "\n", after(h, "inspect attention layer=1 head=all on \"" + TEXT + "\" to \"" + p + "\""));
            assertTrue(Files.size(p) > 200, f);
        }
        String html = Files.readString(dir.resolve("a.html"));
        assertTrue(html.contains("\"heads\":[\"head 1\",\"head 2\"]") && html.contains("\"cookie\""), html);

        RunFailure f = assertThrows(RunFailure.class, () -> h.run("inspect attention layer=3 on \"boy\""));
        assertEquals("layer=3 is not there: the model has 2 attention layers", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect attention head=3 on \"boy\""));
        assertEquals("head=3 is not there: layer 1 has 2 heads", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect attention on \"" + TEXT + " . girl see dog\""));
        assertEquals("the text has 10 tokens; the model reads at most 8 (positional max=8)", message(f));
    }

    @Test
    void crossAttentionIsTargetBySourceAsTheDecoderComputedIt() {
        EngineHarness h = new EngineHarness().run(SEQ2SEQ);
        ModelSession session = h.interp.workspace().model("t");
        Vocabulary v = session.compiled.data().vocabulary();
        EncoderDecoder m = session.encoderDecoder();
        TextTrace trace = EncoderDecoderInspect.trace(session, new Value.Str("a b c d", SourceSpan.unknown("t.seq")));
        AttentionMap shown = AttentionMaps.of(trace, 1, AttentionMaps.ALL);

        int[] src = v.encodeStrict("a b c d");
        int[] out = Seq2SeqEval.translate(m, src, v.id(Vocabulary.BOS), v.id(Vocabulary.EOS), 18);
        List<String> rows = new ArrayList<>();
        for (int id : out) rows.add(v.token(id));
        rows.add(Vocabulary.EOS);
        assertEquals(rows, shown.queries(), "one row per output token, the last the step that stopped");
        assertEquals(List.of("a", "b", "c", "d"), shown.keys(), "one column per source token");
        assertEquals(1, shown.weights().size());
        assertTrue(shown.title().startsWith("cross-attention, layer 1 (decoder.attention1)"), shown.title());
        assertRowsSumToOne(shown);

        // A separate teacher-forced forward pass on [bos, output], the source as element 0 of a batch of two.
        int s = src.length, steps = rows.size(), bos = v.id(Vocabulary.BOS);
        int[] other = v.encodeStrict("d d a b");
        int[] srcBatch = new int[2 * s], tgtBatch = new int[2 * steps];
        for (int i = 0; i < s; i++) {
            srcBatch[2 * i] = src[i];
            srcBatch[2 * i + 1] = other[i];
        }
        for (int i = 0; i < steps; i++) tgtBatch[2 * i] = tgtBatch[2 * i + 1] = i == 0 ? bos : out[i - 1];
        for (Recurrent r : m.encoder().recurrentLayers()) r.prepareState(2);
        for (Recurrent r : m.decoder().recurrentLayers()) r.prepareState(2);
        m.forward(srcBatch, 0, s, new int[] {s, s}, tgtBatch, 0, steps, 2, false);
        float[] probs = m.decoder().outputLayer().predictions().toHost();
        int vocab = v.size();
        Layer cross = m.decoder().layers().stream().filter(l -> l instanceof CrossAttention).findFirst().orElseThrow();
        Trace tr = new Trace();
        cross.record(tr, "x");
        float[] w = tr.get("x.attention.weights").toHost();          // (B, 1, T, S)
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < s; j++) assertEquals(w[i * s + j], shown.weights().get(0)[i][j], 1e-6f, "row " + i + " key " + j);
            int best = 0;
            for (int c = 1; c < vocab; c++) if (probs[(2 * i) * vocab + c] > probs[(2 * i) * vocab + best]) best = c;
            assertEquals(rows.get(i), v.token(best), "the traced pass predicts the greedy translation at step " + i);
        }
    }

    @Test
    void crossAttentionPrintsAndWritesHtml(@TempDir Path dir) throws Exception {
        EngineHarness h = new EngineHarness().run(SEQ2SEQ);
        String shown = after(h, "inspect attention on \"a b c d\" values");
        assertTrue(shown.startsWith("cross-attention, layer 1 (decoder.attention1); rows: output tokens, columns: source tokens"), shown);
        assertTrue(shown.contains("<eos>"), shown);
        assertEquals(after(h, "inspect attention head=all on \"a b c d\" values"), after(h, "inspect attention layer=1 head=1 on \"a b c d\" values")
                .replace(", head 1;", ";"), "one head: head=all shows the same map");
        Path p = dir.resolve("x.html");
        assertEquals("wrote " + p + "\n", after(h, "inspect attention on \"a b c d\" to \"" + p + "\""));
        String html = Files.readString(p);
        assertTrue(html.contains("\"keys\":[\"a\",\"b\",\"c\",\"d\"]"), html);

        RunFailure f = assertThrows(RunFailure.class, () -> h.run("inspect attention head=2 on \"a b\""));
        assertEquals("head=2 is not there: layer 1 has 1 head", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect hidden on \"a b\""));
        assertEquals("not available yet: inspect hidden on an encoder-decoder model", message(f));
        f = assertThrows(RunFailure.class, () -> h.run("inspect attention on \"a z\""));
        assertTrue(message(f).contains("'z'"), message(f));
    }
}
