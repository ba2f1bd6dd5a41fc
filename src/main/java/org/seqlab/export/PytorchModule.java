package org.seqlab.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.backend.Activation;
import org.seqlab.nn.Dense;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Gru;
import org.seqlab.nn.InputLayer;
import org.seqlab.nn.Layer;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.LinearOutput;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.OneHot;
import org.seqlab.nn.Output;
import org.seqlab.nn.Pool;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.SigmoidOutput;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Srn;

/**
 * A compiled seqlab {@link Model} as a self-contained Python file: an {@code nn.Module} whose attributes are
 * named like seqlab's layers (embed, lstm1, dense1, output), so its {@code state_dict()} keys are exactly the
 * checkpoint's parameter names ({@code lstm1.weight_ih_l0}); a safetensors reader written by hand (no
 * package needed); the vocabulary from the checkpoint's metadata; and a {@code __main__} demo.
 *
 * <p>The module is time-major like seqlab: token ids (T, B) or features (T, B, F) in, logits (T, B, OUT) out,
 * or (B, OUT) after a pool. It returns the logits, as seqlab's forward does; {@code predict} applies the
 * output's softmax or sigmoid. Recurrent state is returned and may be passed back in (truncated BPTT).
 */
public final class PytorchModule {

    private PytorchModule() {
    }

    /**
     * @param modelName         seqlab's model name (the class is named after it)
     * @param model             the compiled model (layer kinds, widths and options are read from it)
     * @param defaultCheckpoint the file the demo loads when none is given on the command line
     */
    public static String source(String modelName, Model model, String defaultCheckpoint) {
        String cls = className(modelName);
        List<String> init = new ArrayList<>(), fwd = new ArrayList<>(), frozen = new ArrayList<>();
        InputLayer in = model.inputLayer();
        String inputDoc;
        if (in instanceof Embedding e) {
            init.add(String.format(Locale.ROOT, "self.embed = nn.Embedding(%d, %d)", e.vocabulary(), e.outputWidth()));
            if (e.frozen()) {
                init.add("self.embed.weight.requires_grad_(False)  # frozen: not trained (its vectors are in the checkpoint)");
                frozen.add("embed.weight");
            }
            fwd.add("h = self.embed(x)  # (T, B, " + e.outputWidth() + ")");
            inputDoc = "token ids (T, B), long";
        } else if (in instanceof OneHot o) {
            fwd.add("h = F.one_hot(x, " + o.vocabulary() + ").float()  # (T, B, " + o.vocabulary() + ")");
            inputDoc = "token ids (T, B), long";
        } else {
            fwd.add("h = x");
            inputDoc = "features (T, B, F), float32";
        }
        boolean pooled = false;
        for (int i = 0; i < model.layers().size(); i++) {
            String name = model.layerNames().get(i);
            Layer l = model.layers().get(i);
            String shape = (pooled ? "(B, " : "(T, B, ") + l.outputWidth() + ")";
            if (l instanceof Recurrent r) {
                init.add("self." + name + " = " + recurrent(r));
                fwd.add("h, state[\"" + name + "\"] = run_recurrent(self." + name + ", h, state.get(\"" + name + "\"), lengths)  # " + shape);
            } else if (l instanceof Dense d) {
                init.add(String.format(Locale.ROOT, "self.%s = nn.Linear(%d, %d)", name, d.inputWidth(), d.outputWidth()));
                fwd.add("h = " + activation(d.activation(), "self." + name + "(h)") + "  # " + shape);
            } else if (l instanceof Dropout d) {
                init.add(String.format(Locale.ROOT, "self.%s = nn.Dropout(%s)", name, num(d.p())));
                fwd.add("h = self." + name + "(h)");
            } else if (l instanceof LayerNorm n) {
                init.add(String.format(Locale.ROOT, "self.%s = nn.LayerNorm(%d, eps=%s)", name, n.inputWidth(), num(n.eps())));
                fwd.add("h = self." + name + "(h)");
            } else if (l instanceof Pool p) {
                pooled = true;
                shape = "(B, " + l.outputWidth() + ")";
                String mode = p.mode().name().toLowerCase(Locale.ROOT);
                fwd.add("h = pool(h, lengths, \"" + mode + "\")  # pool " + mode + ": " + shape);
            } else {
                throw new IllegalArgumentException("layer '" + name + "' (" + l.getClass().getSimpleName()
                        + ") has no PyTorch export yet");
            }
        }
        Output out = model.outputLayer();
        String predict = "logits";
        String outKind = "none";
        if (out != null) {
            init.add(String.format(Locale.ROOT, "self.output = nn.Linear(%d, %d)", out.inputWidth(), out.outputWidth()));
            fwd.add("return self.output(h), state  # logits " + (pooled ? "(B, " : "(T, B, ") + out.outputWidth() + ")");
            outKind = out instanceof SigmoidOutput ? "sigmoid" : out instanceof LinearOutput ? "linear" : "softmax";
            predict = switch (outKind) {
                case "sigmoid" -> "torch.sigmoid(logits)";
                case "linear" -> "logits";
                default -> "torch.softmax(logits, -1)";
            };
        } else {
            fwd.add("return h, state");
        }

        StringBuilder sb = new StringBuilder();
        sb.append(PythonText.header(modelName, cls, defaultCheckpoint));
        sb.append(PythonText.padding()).append('\n');
        sb.append("MODEL_NAME = ").append(PythonText.string(modelName)).append('\n');
        sb.append("OUTPUT = ").append(PythonText.string(outKind)).append('\n');
        sb.append("TOKENS = ").append(in != null ? "True" : "False").append('\n');
        boolean nextToken = in != null && out instanceof SoftmaxOutput && !pooled && out.outputWidth() == in.vocabulary();
        sb.append("NEXT_TOKEN = ").append(nextToken ? "True" : "False").append('\n');
        sb.append("INPUT_WIDTH = ").append(inputWidth(model)).append('\n');
        sb.append("FROZEN = [").append(String.join(", ", frozen.stream().map(PythonText::string).toList())).append("]\n\n\n");
        sb.append("class ").append(cls).append("(nn.Module):\n");
        sb.append("    \"\"\"seqlab model '").append(modelName).append("'. Input: ").append(inputDoc)
                .append(". Returns (logits, state).\"\"\"\n\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        for (String s : init) sb.append("        ").append(s).append('\n');
        sb.append("\n    def forward(self, x, state=None, lengths=None):\n");
        sb.append("        \"\"\"state maps each recurrent layer's name to its final state; pass it back to continue.\n");
        sb.append("        lengths (B): real steps of each sequence of a right-padded batch (None: all real); as in seqlab,\n");
        sb.append("        a sequence's answer does not depend on the padding or on the batch.\"\"\"\n");
        sb.append("        state = dict(state or {})\n");
        for (String s : fwd) sb.append("        ").append(s).append('\n');
        sb.append("\n    def predict(self, x, state=None, lengths=None):\n");
        sb.append("        \"\"\"The output's probabilities (softmax, sigmoid) or values (linear), and the state.\"\"\"\n");
        sb.append("        logits, state = self.forward(x, state, lengths)\n");
        sb.append("        return ").append(predict).append(", state\n\n\n");
        sb.append("MODEL_CLASS = ").append(cls).append("\n\n\n");
        sb.append(PythonText.support());
        return sb.toString();
    }

    /** Floats per step the model takes (the vocabulary size for token models). */
    private static int inputWidth(Model m) {
        if (m.inputLayer() != null) return m.inputLayer().vocabulary();
        return m.layers().isEmpty() ? m.outputLayer().inputWidth() : m.layers().get(0).inputWidth();
    }

    private static String recurrent(Recurrent r) {
        String kind;
        String extra = "";
        if (r instanceof Lstm) {
            kind = "nn.LSTM";
        } else if (r instanceof Gru) {
            kind = "nn.GRU";
        } else if (r instanceof Srn s) {
            kind = "nn.RNN";
            extra = ", nonlinearity=\"" + s.activation().word() + "\"";
        } else {
            throw new IllegalArgumentException("no PyTorch export for " + r.getClass().getSimpleName());
        }
        StringBuilder sb = new StringBuilder(kind).append('(').append(r.inputWidth()).append(", ").append(r.hidden());
        if (r.layers() > 1) sb.append(", num_layers=").append(r.layers());
        sb.append(extra);
        if (r.layers() > 1 && r.dropout() > 0) sb.append(", dropout=").append(num(r.dropout()));
        if (r.bidirectional()) sb.append(", bidirectional=True");
        return sb.append(')').toString();
    }

    private static String activation(Activation a, String x) {
        return switch (a) {
            case NONE -> x;
            case TANH -> "torch.tanh(" + x + ")";
            case RELU -> "torch.relu(" + x + ")";
            case SIGMOID -> "torch.sigmoid(" + x + ")";
            case GELU -> "F.gelu(" + x + ")";
        };
    }

    /** A float as Python reads it back exactly enough: 0.2, 1e-05. */
    private static String num(float f) {
        return Float.toString(f).replace("E", "e");
    }

    /** "char_lstm" -> "CharLstm"; anything not a letter or digit separates words; a leading digit gets "M". */
    static String className(String model) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : model.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            } else {
                up = true;
            }
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) sb.insert(0, 'M');
        return sb.toString();
    }
}
