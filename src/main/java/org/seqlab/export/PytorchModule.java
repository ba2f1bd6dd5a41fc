package org.seqlab.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Model;
import org.seqlab.nn.SoftmaxOutput;

/**
 * A compiled seqlab model as a self-contained Python file that needs only torch: an {@code nn.Module} whose
 * {@code state_dict()} keys are exactly the checkpoint's tensor names ({@code lstm1.weight_ih_l0},
 * {@code encoder.embed.weight}), a safetensors reader written by hand, the vocabulary from the checkpoint's
 * metadata, and a {@code __main__} demo. Each layer kind is written by its own emitter ({@link LayerEmitters});
 * {@link StackWriter} writes one stack of layers, {@link Seq2SeqWriter} joins an encoder and a decoder.
 * A layer it cannot write is an {@link ExportRefusal} naming the layer.
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
        StackWriter.Stack s = StackWriter.write(cls, "seqlab model '" + modelName.replace("\"", "'") + "'.", model, "");
        boolean tokens = model.inputLayer() != null;
        boolean nextSentence = model.nextSentence() != null;
        boolean nextToken = tokens && !nextSentence && model.outputLayer() instanceof SoftmaxOutput && !s.pooled()
                && model.outputLayer().outputWidth() == model.inputLayer().vocabulary();
        StringBuilder sb = new StringBuilder(PythonText.header(modelName, defaultCheckpoint));
        helpers(sb, s.helpers());
        constants(sb, modelName, s.outputKind(), tokens, nextToken, inputWidth(model), s.frozen());
        sb.append("SEQ2SEQ = False\nNEXT_SENTENCE = ").append(nextSentence ? "True" : "False")
                .append("  # the model has BERT's segments and next-sentence head: forward returns (logits, nsp)\n");
        sb.append("CONTEXT = ").append(s.attends() ? String.valueOf(context(model)) : "None")
                .append("  # None: generate carries the recurrent state; a number: it re-reads that many tokens each step\n\n\n");
        sb.append(s.text()).append("\n\n");
        sb.append("MODEL_CLASS = ").append(cls).append("\n\n\n");
        sb.append(PythonText.support());
        return sb.toString();
    }

    /**
     * An encoder-decoder: classes NAMEEncoder, NAMEDecoder and NAME (with {@code translate}).
     * @param bos the id of {@code <bos>} (the decoder's first input), eos that of {@code <eos>}
     */
    public static String source(String modelName, EncoderDecoder model, String defaultCheckpoint, int bos, int eos) {
        String cls = className(modelName);
        String quoted = modelName.replace("\"", "'");
        StackWriter.Stack enc = StackWriter.write(cls + "Encoder", "The encoder of seqlab model '" + quoted + "'.", model.encoder(), "encoder.");
        StackWriter.Stack dec = StackWriter.write(cls + "Decoder", "The decoder of seqlab model '" + quoted + "'.", model.decoder(), "decoder.");
        List<String> helpers = new ArrayList<>(enc.helpers());
        helpers.addAll(dec.helpers());
        List<String> frozen = new ArrayList<>(enc.frozen());
        frozen.addAll(dec.frozen());
        StringBuilder sb = new StringBuilder(PythonText.header(modelName, defaultCheckpoint));
        helpers(sb, helpers);
        constants(sb, modelName, "softmax", true, false, model.decoder().inputLayer().vocabulary(), frozen);
        sb.append("SEQ2SEQ = True\nNEXT_SENTENCE = False\nCONTEXT = None\n\n\n");
        sb.append(enc.text()).append("\n\n").append(dec.text()).append("\n\n");
        sb.append(Seq2SeqWriter.write(cls, enc.className(), dec.className(), model, bos, eos)).append("\n\n");
        sb.append("MODEL_CLASS = ").append(cls).append("\n\n\n");
        sb.append(PythonText.support());
        return sb.toString();
    }

    private static void helpers(StringBuilder sb, List<String> helpers) {
        Set<String> once = new LinkedHashSet<>(helpers);
        for (String h : once) sb.append("\n\n").append(h);
        sb.append("\n\n");
    }

    private static void constants(StringBuilder sb, String modelName, String out, boolean tokens, boolean nextToken, int inputWidth,
                                  List<String> frozen) {
        sb.append("MODEL_NAME = ").append(PythonText.string(modelName)).append('\n');
        sb.append("OUTPUT = ").append(PythonText.string(out)).append('\n');
        sb.append("TOKENS = ").append(tokens ? "True" : "False").append('\n');
        sb.append("NEXT_TOKEN = ").append(nextToken ? "True" : "False").append('\n');
        sb.append("INPUT_WIDTH = ").append(inputWidth).append('\n');
        sb.append("FROZEN = [").append(String.join(", ", frozen.stream().map(PythonText::string).toList())).append("]\n");
    }

    /** How many tokens an attention model re-reads when it generates: its positional table's length, else 1024. */
    private static int context(Model m) {
        for (var l : m.layers()) if (l instanceof org.seqlab.nn.PositionalEncoding p) return p.max();
        return 1024;
    }

    /** Floats per step the model takes (the vocabulary size for token models). */
    private static int inputWidth(Model m) {
        if (m.inputLayer() != null) return m.inputLayer().vocabulary();
        return m.layers().isEmpty() ? m.outputLayer().inputWidth() : m.layers().get(0).inputWidth();
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
