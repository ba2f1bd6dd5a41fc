package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.Gru;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.Srn;

/**
 * srn/rnn, lstm, gru (stacked, bidirectional, dropout between stacked layers): PyTorch's nn.RNN, nn.LSTM and
 * nn.GRU, whose parameter names (weight_ih_l0, bias_hh_l1_reverse) seqlab's checkpoints already use. A padded
 * batch runs packed, so each sequence's padding is never read and its final state is its own last.
 */
final class RecurrentEmitter {

    private RecurrentEmitter() {
    }

    static LayerCode emit(String name, Recurrent r, String shape) {
        String run = "h, state[\"" + name + "\"] = run_recurrent(self." + name + ", h, state.get(\"" + name + "\"), lengths)  # " + shape;
        return new LayerCode(List.of("self." + name + " = " + module(name, r)), List.of(run), List.of(RUN));
    }

    private static String module(String name, Recurrent r) {
        String kind, extra = "";
        if (r instanceof Lstm) {
            kind = "nn.LSTM";
        } else if (r instanceof Gru) {
            kind = "nn.GRU";
        } else if (r instanceof Srn s) {
            kind = "nn.RNN";
            extra = ", nonlinearity=\"" + s.activation().word() + "\"";
        } else {
            throw new ExportRefusal(name, "recurrent layer '" + name + "' (" + r.getClass().getSimpleName() + ") has no PyTorch form in export");
        }
        StringBuilder sb = new StringBuilder(kind).append('(').append(r.inputWidth()).append(", ").append(r.hidden());
        if (r.layers() > 1) sb.append(", num_layers=").append(r.layers());
        sb.append(extra);
        if (r.layers() > 1 && r.dropout() > 0) sb.append(", dropout=").append(PythonText.num(r.dropout()));
        if (r.bidirectional()) sb.append(", bidirectional=True");
        return sb.append(')').toString();
    }

    static final String RUN = """
            def run_recurrent(layer, h, state, lengths):
                \"\"\"A recurrent layer over time-major h (T, B, W); with lengths (B), over packed sequences, so each
                sequence's padding is never read (the reverse direction starts at its own end, the state is its own last).
                Padded steps of the output are zeros.\"\"\"
                if lengths is None:
                    return layer(h, state)
                packed = nn.utils.rnn.pack_padded_sequence(h, lengths.cpu(), enforce_sorted=False)
                out, state = layer(packed, state)
                out, _ = nn.utils.rnn.pad_packed_sequence(out, total_length=h.shape[0])
                return out, state
            """;
}
