package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.data.DataKind;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.LabeledText;
import org.seqlab.data.Split;
import org.seqlab.data.TokenKind;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Gru;
import org.seqlab.nn.Layer;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.MultiHeadAttention;
import org.seqlab.nn.Pool;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.TransformerBlock;

/**
 * `evaluate ... batch=N` scores a classifier the same whatever N: labelled lines of 1 to 14 words, evaluated
 * one by one, 7 at a time and 32 at a time (a short last batch), give the same loss and accuracy. Before the
 * padding was masked, a bidirectional LSTM with pool last gave losses differing in the second decimal.
 */
class PaddedEvaluationTest {
    private static final String[] WORDS = {"good", "bad", "film", "plot", "not", "very", "a", "the", "was", "fun"};
    private static ExampleSet reviews;

    @BeforeAll static void data(@TempDir Path dir) throws IOException {
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            sb.append("abc".charAt(rnd.nextInt(3))).append('\t');
            int n = 1 + rnd.nextInt(14);
            for (int w = 0; w < n; w++) sb.append(w == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
            sb.append('\n');
        }
        Path f = dir.resolve("reviews.tsv");
        Files.writeString(f, sb.toString());
        reviews = LabeledText.load("reviews", f, TokenKind.WORD, 0.5, 1, 1);
    }

    private static Model classifier(Backend be, BiFunction<Backend, Random, List<Layer>> body) {
        Random rnd = new Random(2);
        Model m = new Model(be).input("embed", new Embedding(be, reviews.vocabulary().size(), 8, false, rnd));
        int width = 8;
        for (Layer l : body.apply(be, rnd)) {
            m.add(l.getClass().getSimpleName() + m.layers().size(), l);
            width = l.outputWidth();
        }
        return m.output("output", new SoftmaxOutput(be, width, reviews.labels().size(), -1, rnd));
    }

    private static void assertSameAtEveryBatchSize(String name, BiFunction<Backend, Random, List<Layer>> body) {
        Model m = classifier(CpuBackends.reference(), body);
        Metrics one = Evaluator.evaluate(m, DataKind.CLASSIFICATION, LayerSpec.OutputKind.SOFTMAX, reviews, Split.VALIDATION, 1, 0);
        assertEquals(40, one.targets());
        for (int batch : new int[] {7, 32}) {
            Metrics many = Evaluator.evaluate(m, DataKind.CLASSIFICATION, LayerSpec.OutputKind.SOFTMAX, reviews, Split.VALIDATION, batch, 0);
            assertEquals(one.loss(), many.loss(), 1e-6, name + ": loss with batch=" + batch + " vs batch=1");
            assertEquals(one.accuracy(), many.accuracy(), 0, name + ": accuracy with batch=" + batch + " vs batch=1");
        }
    }

    @Test void bidirectionalLstmPoolLast() {
        assertSameAtEveryBatchSize("lstm bidirectional, pool last",
                (be, r) -> List.of(new Lstm(be, 8, 6, 1, true, 0f, 1f, r), new Pool(be, 12, Pool.Mode.LAST)));
    }

    @Test void bidirectionalGruPoolMean() {
        assertSameAtEveryBatchSize("gru 2 layers bidirectional, pool mean",
                (be, r) -> List.of(new Gru(be, 8, 5, 2, true, 0f, r), new Pool(be, 10, Pool.Mode.MEAN)));
    }

    @Test void lstmPoolMean() {
        assertSameAtEveryBatchSize("lstm, pool mean", (be, r) -> List.of(new Lstm(be, 8, 6, 1, false, 0f, 1f, r), new Pool(be, 6, Pool.Mode.MEAN)));
    }

    @Test void attentionPoolMean() {
        assertSameAtEveryBatchSize("attention, pool mean", (be, r) -> List.of(
                new MultiHeadAttention(be, 8, 8, 2, false, 0f, MultiHeadAttention.Naming.PYTORCH, r), new Pool(be, 8, Pool.Mode.MEAN)));
    }

    @Test void transformerPoolLast() {
        assertSameAtEveryBatchSize("transformer, pool last", (be, r) -> List.of(
                new PositionalEncoding(be, PositionalEncoding.Kind.SINUSOIDAL, 8, 64, r),
                new TransformerBlock(be, 8, 2, 16, false, 0f, 1, r), new Pool(be, 8, Pool.Mode.LAST)));
    }
}
