package org.seqlab.nn;

import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;

/**
 * A layer's configuration, separate from the layer: it checks the width it is fed, says what it needs in
 * words ({@link LayerSpecException}), counts its parameters before anything is allocated, and builds the layer.
 * A compiler walks a list of specs, threading each output width into the next.
 */
public sealed interface LayerSpec {
    /** The output width for this input width, or a LayerSpecException saying what is wrong. */
    int outputWidth(int inputWidth);

    /** Parameters the layer will hold for this input width (for the heap check before allocation). */
    long paramCount(int inputWidth);

    Layer build(Backend be, int inputWidth, Random rnd);

    /** Which recurrent cell. */
    enum Cell { SRN, LSTM, GRU }

    /** srn|lstm|gru with PyTorch's options; forgetBias applies to LSTM, activation and init to SRN. */
    record RecurrentSpec(Cell cell, int hidden, int layers, boolean bidirectional, float dropout, float forgetBias,
                     Activation activation, Srn.InitKind init) implements LayerSpec {
        public int outputWidth(int in) {
            positive("hidden", hidden);
            positive("layers", layers);
            if (!(dropout >= 0 && dropout < 1)) throw new LayerSpecException("dropout must be in [0, 1), got " + dropout);
            if (in <= 0) throw new LayerSpecException("a " + cell.name().toLowerCase() + " layer needs an input of positive width");
            return (bidirectional ? 2 : 1) * hidden;
        }

        public long paramCount(int in) {
            long g = (cell == Cell.LSTM ? 4L : cell == Cell.GRU ? 3L : 1L) * hidden, dirs = bidirectional ? 2 : 1, n = 0;
            for (int l = 0; l < layers; l++) n += dirs * (g * (l == 0 ? in : dirs * hidden) + g * hidden + 2 * g);
            return n;
        }

        public Layer build(Backend be, int in, Random rnd) {
            outputWidth(in);
            return switch (cell) {
                case LSTM -> new Lstm(be, in, hidden, layers, bidirectional, dropout, forgetBias, rnd);
                case GRU -> new Gru(be, in, hidden, layers, bidirectional, dropout, rnd);
                case SRN -> new Srn(be, in, hidden, layers, bidirectional, dropout, activation, init, rnd);
            };
        }
    }

    /** dense N activation=... (init xavier or PyTorch's Linear default). */
    record DenseSpec(int units, Activation activation, boolean xavier) implements LayerSpec {
        public int outputWidth(int in) { positive("units", units); return units; }

        public long paramCount(int in) { return (long) units * in + units; }

        public Layer build(Backend be, int in, Random rnd) { return new org.seqlab.nn.Dense(be, in, units, activation, xavier, rnd); }
    }

    /** dropout p. */
    record DropoutSpec(float p) implements LayerSpec {
        public int outputWidth(int in) {
            if (!(p >= 0 && p < 1)) throw new LayerSpecException("dropout must be in [0, 1), got " + p);
            return in;
        }

        public long paramCount(int in) { return 0; }

        public Layer build(Backend be, int in, Random rnd) { return new org.seqlab.nn.Dropout(be, in, p, rnd); }
    }

    /** layernorm (eps 1e-5). */
    record LayerNormSpec(float eps) implements LayerSpec {
        public int outputWidth(int in) { return in; }

        public long paramCount(int in) { return 2L * in; }

        public Layer build(Backend be, int in, Random rnd) { return new org.seqlab.nn.LayerNorm(be, in, eps); }
    }

    /** pool last|mean. */
    record PoolSpec(org.seqlab.nn.Pool.Mode mode) implements LayerSpec {
        public int outputWidth(int in) { return in; }

        public long paramCount(int in) { return 0; }

        public Layer build(Backend be, int in, Random rnd) { return new org.seqlab.nn.Pool(be, in, mode); }
    }

    /** Output kinds: the loss they imply. */
    enum OutputKind { SOFTMAX, LINEAR, SIGMOID }

    /**
     * output softmax|linear|sigmoid over {@code size} classes or values; {@code squaredError}: a softmax or sigmoid
     * output trained by the squared error of its probabilities ({@code loss=mse}) instead of the cross-entropy.
     */
    record OutputSpec(OutputKind kind, int size, int ignoreIndex, boolean squaredError) implements LayerSpec {
        public OutputSpec(OutputKind kind, int size, int ignoreIndex) {
            this(kind, size, ignoreIndex, false);
        }

        public int outputWidth(int in) { positive("output size", size); return size; }

        public long paramCount(int in) { return (long) size * in + size; }

        public org.seqlab.nn.Output build(Backend be, int in, Random rnd) {
            outputWidth(in);
            return switch (kind) {
                case SOFTMAX -> new SoftmaxOutput(be, in, size, ignoreIndex, rnd, squaredError);
                case LINEAR -> new LinearOutput(be, in, size, rnd);
                case SIGMOID -> new SigmoidOutput(be, in, size, rnd, squaredError);
            };
        }
    }

    /**
     * attention heads=H [dim=D] [causal] [dropout=p]: multi-head self-attention (PyTorch's parameter names).
     * dim 0 means the input width; the output width is dim.
     */
    record AttentionSpec(int heads, int dim, boolean causal, float dropout) implements LayerSpec {
        public int outputWidth(int in) {
            int d = width(in);
            positive("heads", heads);
            probability(dropout);
            if (d % heads != 0) {
                throw new LayerSpecException(dim > 0 ? "attention heads=" + heads + " needs dim divisible by " + heads + ", got " + dim
                        : "attention heads=" + heads + " needs a width divisible by " + heads + "; the layer below gives " + in);
            }
            return d;
        }

        private int width(int in) {
            if (in <= 0) throw new LayerSpecException("attention needs an input of positive width");
            return dim > 0 ? dim : in;
        }

        public long paramCount(int in) { long d = width(in); return 3 * d * in + 3 * d + d * d + d; }

        public Layer build(Backend be, int in, Random rnd) {
            int d = outputWidth(in);
            return new MultiHeadAttention(be, in, d, heads, causal, dropout, MultiHeadAttention.Naming.PYTORCH, rnd);
        }
    }

    /**
     * transformer heads=H [dim=D] [ff=F] [causal] [dropout=p]: one pre-LayerNorm block. dim 0 means the input
     * width (a given dim must equal it: the residual adds the input to the output); ff 0 means 4 dim; depth is
     * the number of blocks in the stack (it scales the residual projections' initialisation, as nanoGPT).
     */
    record TransformerSpec(int heads, int dim, int ff, boolean causal, float dropout, int depth) implements LayerSpec {
        public int outputWidth(int in) {
            if (in <= 0) throw new LayerSpecException("a transformer block needs an input of positive width");
            if (dim > 0 && dim != in) {
                throw new LayerSpecException("transformer dim=" + dim + " needs an input of width " + dim
                        + " (the residual connections add the input to the output); the layer below gives " + in);
            }
            positive("heads", heads);
            probability(dropout);
            if (ff < 0) throw new LayerSpecException("ff must be a positive whole number, got " + ff);
            if (in % heads != 0) {
                throw new LayerSpecException("transformer heads=" + heads + " needs a width divisible by " + heads + "; the layer below gives " + in);
            }
            return in;
        }

        private int hidden(int in) { return ff > 0 ? ff : 4 * in; }

        public long paramCount(int in) {
            long c = in, f = hidden(in);
            return 4 * c + (3 * c * c + 3 * c) + (c * c + c) + (f * c + f) + (c * f + c);
        }

        public Layer build(Backend be, int in, Random rnd) {
            outputWidth(in);
            return new TransformerBlock(be, in, heads, hidden(in), causal, dropout, depth, rnd);
        }
    }

    /** positional sinusoidal|learned [max=N]: position vectors added to the first max time steps. */
    record PositionalSpec(PositionalEncoding.Kind kind, int max) implements LayerSpec {
        public int outputWidth(int in) {
            positive("max", max);
            if (in <= 0) throw new LayerSpecException("positional encoding needs an input of positive width");
            return in;
        }

        public long paramCount(int in) { return kind == PositionalEncoding.Kind.LEARNED ? (long) max * in : 0; }

        public Layer build(Backend be, int in, Random rnd) {
            outputWidth(in);
            return new PositionalEncoding(be, kind, in, max, rnd);
        }
    }

    /**
     * attention over=encoder kind=additive|dot [dim=A]: encoder–decoder attention in a decoder. encoderWidth is
     * the encoder's output width (the compiler fills it in); the output is [decoder state ; context].
     */
    record EncoderAttentionSpec(org.seqlab.nn.CrossAttention.Kind kind, int encoderWidth, int dim) implements LayerSpec {
        public int outputWidth(int in) {
            if (in <= 0) throw new LayerSpecException("encoder attention needs an input of positive width");
            if (encoderWidth <= 0) throw new LayerSpecException("attention over=encoder needs an encoder with a positive output width");
            if (dim < 0) throw new LayerSpecException("dim must be a positive whole number, got " + dim);
            return in + encoderWidth;
        }

        private int attWidth() { return kind == org.seqlab.nn.CrossAttention.Kind.DOT ? encoderWidth : dim > 0 ? dim : encoderWidth; }

        public long paramCount(int in) {
            long a = attWidth();
            return a * in + a + (kind == org.seqlab.nn.CrossAttention.Kind.ADDITIVE ? a * encoderWidth + a : 0);
        }

        public Layer build(Backend be, int in, Random rnd) {
            outputWidth(in);
            return new org.seqlab.nn.CrossAttention(be, kind, in, encoderWidth, dim, rnd);
        }
    }

    private static void probability(float p) {
        if (!(p >= 0 && p < 1)) throw new LayerSpecException("dropout must be in [0, 1), got " + p);
    }

    private static void positive(String what, int v) {
        if (v <= 0) throw new LayerSpecException(what + " must be a positive whole number, got " + v);
    }

    /** Checks that params float32 values (4 bytes each, times 4 for value, gradient and two optimizer moments) fit the heap. */
    static void checkFits(long params, String what) {
        long bytes = params * 4 * 4, max = Runtime.getRuntime().maxMemory();
        if (bytes > max * 0.8) {
            throw new LayerSpecException(what + " needs " + params + " parameters (" + (bytes >> 20) + " MB with gradients and optimizer"
                    + " state), more than the " + (max >> 20) + " MB heap allows; use a smaller size or a larger -Xmx");
        }
    }
}
