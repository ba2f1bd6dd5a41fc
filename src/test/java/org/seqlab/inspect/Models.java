package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.data.TokenKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Gru;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Srn;
import org.seqlab.nn.Trace;
import org.seqlab.tensor.Tensor;

/** Small untrained models built straight from nn/, for inspection tests. */
final class Models {
    static final Vocabulary WORDS = new Vocabulary(TokenKind.WORD, List.of("<pad>", "the", "boy", "ate", "fish", "girl", "saw", "."));
    static final Backend BE = CpuBackends.fast();

    private Models() {
    }

    static Model lstm(int hidden, int layers, boolean bidirectional) {
        Random rnd = new Random(3);
        Model m = new Model(BE).input("embed", new Embedding(BE, WORDS.size(), 6, false, rnd));
        m.add("lstm1", new Lstm(BE, 6, hidden, layers, bidirectional, 0f, 1f, rnd));
        return m.output("output", new SoftmaxOutput(BE, hidden * (bidirectional ? 2 : 1), WORDS.size(), SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    static Model gruAndSrn() {
        Random rnd = new Random(4);
        Model m = new Model(BE).input("embed", new Embedding(BE, WORDS.size(), 6, false, rnd));
        m.add("gru1", new Gru(BE, 6, 5, 1, false, 0f, rnd));
        m.add("rnn1", new Srn(BE, 5, 4, 1, false, 0f, Activation.TANH, Srn.InitKind.XAVIER, rnd));
        return m.output("output", new SoftmaxOutput(BE, 4, WORDS.size(), SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    /** A model whose middle layer passes its input through and traces made-up causal attention weights. */
    static Model withFakeAttention(int heads) {
        Random rnd = new Random(5);
        Model m = new Model(BE).input("embed", new Embedding(BE, WORDS.size(), 6, false, rnd));
        m.add("attention1", new FakeAttention(6, heads));
        return m.output("output", new SoftmaxOutput(BE, 6, WORDS.size(), SoftmaxOutput.DEFAULT_IGNORE, rnd));
    }

    static int[] ids(String text) {
        return WORDS.encodeStrict(text);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (int id : ids(text)) out.add(WORDS.token(id));
        return out;
    }

    static TextTrace trace(Model m, String text) {
        return TextTrace.of(m, ids(text), tokens(text));
    }

    /** Identity on its input; records (heads, T, T) causal softmax weights of q_t . k_s with per-head scales. */
    static final class FakeAttention implements Layer {
        private final int width, heads;
        private Tensor weights;

        FakeAttention(int width, int heads) {
            this.width = width;
            this.heads = heads;
        }

        public int inputWidth() { return width; }

        public int outputWidth() { return width; }

        public List<Param> params() { return List.of(); }

        public Tensor forward(Tensor x, boolean training) {
            int t = x.shape().dim(0);
            float[] in = x.toHost(), w = new float[heads * t * t];
            for (int h = 0; h < heads; h++) {
                for (int q = 0; q < t; q++) {
                    double[] e = new double[q + 1];
                    double sum = 0;
                    for (int k = 0; k <= q; k++) {
                        double dot = 0;
                        for (int j = 0; j < width; j++) dot += in[q * width + j] * in[k * width + j];
                        e[k] = Math.exp((h + 1) * 0.3 * dot);
                        sum += e[k];
                    }
                    for (int k = 0; k <= q; k++) w[(h * t + q) * t + k] = (float) (e[k] / sum);
                }
            }
            weights = BE.alloc(heads, t, t);
            weights.copyFromHost(w);
            return x;
        }

        public Tensor backward(Tensor dy) { return dy; }

        @Override public void record(Trace trace, String prefix) {
            if (weights != null) trace.put(prefix + ".attention.weights", weights);
        }
    }
}
