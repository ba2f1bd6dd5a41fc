package org.seqlab.lang.check;

import static org.seqlab.lang.check.ParamType.FILE;
import static org.seqlab.lang.check.ParamType.FRACTION;
import static org.seqlab.lang.check.ParamType.POSITIVE;
import static org.seqlab.lang.check.ParamType.POSITIVE_INT;
import static org.seqlab.lang.check.ParamType.ANY_NUMBER;
import static org.seqlab.lang.check.ParamType.choice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The layer kinds a model body may hold, with their parameters (defaults as in PyTorch/Keras). */
public final class LayerSpecs {

    private static final Map<String, Spec> KINDS = new LinkedHashMap<>();

    /** Recurrent kinds: also valid as candidates of {@code compare}. */
    public static final Set<String> RECURRENT = Set.of("srn", "rnn", "lstm", "gru");

    private LayerSpecs() {
    }

    private static void add(Spec s) {
        KINDS.put(s.name(), s);
    }

    static {
        for (String k : new String[] {"srn", "rnn"}) {
            add(Spec.of(k, "Elman simple recurrent layer (init=identity with relu is the IRNN trick)",
                            "layer " + k + "(hidden=64, activation=tanh)")
                    .req("hidden", POSITIVE_INT, "size of the hidden state")
                    .opt("activation", choice("tanh", "relu"), "tanh", "the recurrent non-linearity")
                    .opt("init", choice("xavier", "identity"), "xavier", "initial recurrent weights")
                    .opt("layers", POSITIVE_INT, "1", "stacked layers")
                    .opt("dropout", FRACTION, "0", "dropout between stacked layers")
                    .positional("hidden").flags("bidirectional").build());
        }
        add(Spec.of("lstm", "long short-term memory layer", "layer lstm(hidden=128, dropout=0.2)")
                .req("hidden", POSITIVE_INT, "size of the hidden and cell state")
                .opt("forget_bias", ANY_NUMBER, "1.0", "initial forget-gate bias")
                .opt("layers", POSITIVE_INT, "1", "stacked layers")
                .opt("dropout", FRACTION, "0", "dropout on the layer's output")
                .positional("hidden").flags("bidirectional").build());
        add(Spec.of("gru", "gated recurrent unit layer", "layer gru(hidden=64) bidirectional")
                .req("hidden", POSITIVE_INT, "size of the hidden state")
                .opt("layers", POSITIVE_INT, "1", "stacked layers")
                .opt("dropout", FRACTION, "0", "dropout on the layer's output")
                .positional("hidden").flags("bidirectional").build());
        add(Spec.of("embed", "token embedding (optionally from pretrained vectors)", "embed 64 from \"glove.txt\" freeze")
                .req("dim", POSITIVE_INT, "width of each token vector")
                .opt("from", ParamType.VECTORS, null, "pretrained vectors: a file (one word and its numbers per line), or word vectors made by 'vectors'")
                .positional("dim").flags("freeze").build());
        add(Spec.of("onehot", "one-hot token encoding (width = vocabulary size)", "onehot").build());
        add(Spec.of("positional", "position encoding added to the embedding", "positional sinusoidal")
                .opt("kind", choice("sinusoidal", "learned"), "sinusoidal", "fixed sinusoids or learned vectors")
                .opt("max", POSITIVE_INT, "1024", "longest sequence (learned positions)")
                .positional("kind").build());
        add(Spec.of("attention", "multi-head scaled dot-product self-attention, or encoder-decoder attention",
                        "attention heads=8 causal")
                .opt("heads", POSITIVE_INT, "1", "number of heads (at least 1)")
                .computed("dim", POSITIVE_INT, "the input's width", "model width")
                .opt("over", choice("encoder"), null, "attend over the encoder's states (in a decoder)")
                .opt("kind", choice("dot", "additive"), "dot", "score function for encoder-decoder attention")
                .opt("dropout", FRACTION, "0", "dropout on attention weights")
                .flags("causal").build());
        add(Spec.of("transformer", "one pre-LayerNorm transformer block", "transformer heads=4 dim=128 ff=512 causal")
                .req("heads", POSITIVE_INT, "number of heads (at least 1)")
                .computed("dim", POSITIVE_INT, "the input's width", "model width")
                .computed("ff", POSITIVE_INT, "4*dim", "width of the feed-forward layer")
                .opt("dropout", FRACTION, "0", "dropout inside the block")
                .flags("causal").build());
        add(Spec.of("dense", "fully connected layer applied at every position", "dense 64 activation=relu")
                .req("units", POSITIVE_INT, "output width")
                .opt("activation", choice("tanh", "relu", "gelu", "sigmoid", "none"), "none", "non-linearity")
                .positional("units").build());
        add(Spec.of("dropout", "dropout", "dropout 0.1")
                .req("p", FRACTION, "probability of dropping a unit")
                .positional("p").build());
        add(Spec.of("layernorm", "layer normalisation", "layernorm")
                .opt("eps", POSITIVE, "1e-5", "added to the variance").build());
        add(Spec.of("pool", "many-to-one: keep the last state or the mean over time", "pool last")
                .req("mode", choice("last", "mean"), "which state to keep")
                .positional("mode").build());
        add(Spec.of("output", "output layer; its kind chooses the loss", "output softmax")
                .opt("kind", choice("softmax", "sigmoid", "linear"), "softmax",
                        "softmax: cross-entropy, linear: MSE, sigmoid: binary cross-entropy")
                .computed("units", POSITIVE_INT, "the data's (vocabulary, classes or 1)", "output width")
                .opt("loss", choice("cross_entropy", "mse"), "cross_entropy",
                        "softmax, sigmoid: mse trains the probabilities by squared error instead of cross-entropy")
                .positional("kind").build());
    }

    public static Optional<Spec> get(String kind) {
        return Optional.ofNullable(KINDS.get(kind));
    }

    public static Map<String, Spec> all() {
        return KINDS;
    }
}
