package org.seqlab.export;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.nn.CrossAttention;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.InputLayer;
import org.seqlab.nn.Layer;
import org.seqlab.nn.LinearOutput;
import org.seqlab.nn.Model;
import org.seqlab.nn.NextSentence;
import org.seqlab.nn.OneHot;
import org.seqlab.nn.Output;
import org.seqlab.nn.Pool;
import org.seqlab.nn.SigmoidOutput;

/**
 * One seqlab {@link Model} (a whole model, or the encoder or decoder of an encoder-decoder) as an nn.Module class
 * whose attributes are named like seqlab's layers (embed, lstm1, attention1, output), so that its state_dict keys
 * are the checkpoint's parameter names. Time-major like seqlab: token ids (T, B) or features (T, B, F) in, the
 * output's logits (T, B, OUT) out, or (B, OUT) after a pool; recurrent state is returned and may be passed back.
 */
final class StackWriter {

    /** The written class and what the rest of the file needs to know about it. */
    record Stack(String className, String text, List<String> helpers, List<String> frozen, boolean pooled,
                 boolean attends, String outputKind) {
    }

    private StackWriter() {
    }

    /**
     * @param prefix the checkpoint prefix of this part ("" or "encoder."), for frozen tables and refusals
     * @param doc    the class docstring's first sentence
     */
    static Stack write(String className, String doc, Model model, String prefix) {
        List<String> init = new ArrayList<>(), fwd = new ArrayList<>(), helpers = new ArrayList<>(), frozen = new ArrayList<>();
        InputLayer in = model.inputLayer();
        String inputDoc;
        if (in instanceof Embedding e) {
            init.add("self.embed = nn.Embedding(" + e.vocabulary() + ", " + e.outputWidth() + ")");
            if (e.frozen()) {
                init.add("self.embed.weight.requires_grad_(False)  # frozen: not trained (its vectors are in the checkpoint)");
                frozen.add(prefix + "embed.weight");
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
        NextSentence nsp = model.nextSentence();
        if (nsp != null) {
            init.addAll(NextSentenceEmitter.init(nsp, in.outputWidth()));
            fwd.add(NextSentenceEmitter.segments(in.outputWidth()));
            helpers.add(NextSentenceEmitter.PAIR);
        }
        boolean pooled = false, attends = false, memory = false;
        for (int i = 0; i < model.layers().size(); i++) {
            String name = model.layerNames().get(i);
            Layer l = model.layers().get(i);
            if (l instanceof Pool) pooled = true;
            memory |= l instanceof CrossAttention;
            String shape = (pooled ? "(B, " : "(T, B, ") + l.outputWidth() + ")";
            LayerCode code;
            try {
                code = LayerEmitters.emit(name, l, shape);
            } catch (ExportRefusal r) {
                throw new ExportRefusal(prefix + r.layer(), r.getMessage());
            }
            attends |= code.helpers().contains(AttentionEmitter.ATTEND);
            init.addAll(code.init());
            fwd.addAll(code.forward());
            helpers.addAll(code.helpers());
        }
        Output out = model.outputLayer();
        String outKind = "none";
        if (nsp != null) fwd.add(NextSentenceEmitter.head());
        if (out != null) {
            init.add("self.output = nn.Linear(" + out.inputWidth() + ", " + out.outputWidth() + ")");
            fwd.add("return self.output(h), " + (nsp != null ? "nsp" : "state") + "  # logits " + (pooled ? "(B, " : "(T, B, ")
                    + out.outputWidth() + ")");
            outKind = out instanceof SigmoidOutput ? "sigmoid" : out instanceof LinearOutput ? "linear" : "softmax";
        } else {
            fwd.add("return h, state");
        }

        StringBuilder sb = new StringBuilder();
        sb.append("class ").append(className).append("(nn.Module):\n");
        sb.append("    \"\"\"").append(doc).append(" Input: ").append(inputDoc).append(". Returns (")
                .append(out != null ? "logits" : "states").append(nsp != null ? ", nsp" : ", state").append(").");
        if (nsp != null) sb.append("\n\n    ").append(NextSentenceEmitter.DOC.strip().replace("\n", "\n    "));
        sb.append("\"\"\"\n\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        for (String s : init) sb.append("        ").append(s).append('\n');
        sb.append("\n    def forward(self, x, state=None, lengths=None").append(memory ? ", memory=None, memory_lengths=None" : "")
                .append(nsp != null ? ", segments=None" : "").append("):\n");
        sb.append("        \"\"\"state maps each recurrent layer's name to its final state; pass it back to continue.\n");
        sb.append("        lengths (B): real steps of each sequence of a right-padded batch (None: all real); as in seqlab,\n");
        sb.append("        a sequence's answer does not depend on the padding or on the batch.");
        if (memory) sb.append("\n        memory (S, B, E): the encoder's states; memory_lengths (B): real source steps of each.");
        if (nsp != null) sb.append("\n        segments (T, B): 0 for <cls>, A and the first <sep>, 1 for B and the last <sep> (None: all 0).\n"
                + "        Returns the masked-LM logits (T, B, V) and the next-sentence logits (B, 2) at <cls>: IsNext, NotNext.");
        sb.append("\"\"\"\n");
        sb.append("        state = dict(state or {})\n");
        for (String s : fwd) sb.append("        ").append(s).append('\n');
        if (out != null && nsp != null) {
            sb.append("\n    def predict(self, x, state=None, lengths=None, segments=None):\n");
            sb.append("        \"\"\"The masked-LM head's probabilities (T, B, V) and the next-sentence head's (B, 2): P(IsNext), P(NotNext).\"\"\"\n");
            sb.append("        logits, nsp = self.forward(x, state, lengths, segments)\n");
            sb.append("        return torch.softmax(logits, -1), torch.softmax(nsp, -1)\n");
        } else if (out != null) {
            String predict = switch (outKind) {
                case "sigmoid" -> "torch.sigmoid(logits)";
                case "linear" -> "logits";
                default -> "torch.softmax(logits, -1)";
            };
            String args = memory ? "x, state=None, lengths=None, memory=None, memory_lengths=None" : "x, state=None, lengths=None";
            sb.append("\n    def predict(self, ").append(args).append("):\n");
            sb.append("        \"\"\"The output's probabilities (softmax, sigmoid) or values (linear), and the state.\"\"\"\n");
            sb.append("        logits, state = self.forward(").append(memory ? "x, state, lengths, memory, memory_lengths" : "x, state, lengths").append(")\n");
            sb.append("        return ").append(predict).append(", state\n");
        }
        return new Stack(className, sb.toString(), helpers, frozen, pooled, attends, outKind);
    }
}
