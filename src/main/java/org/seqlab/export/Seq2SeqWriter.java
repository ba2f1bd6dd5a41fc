package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Recurrent;

/**
 * An {@link EncoderDecoder} as an nn.Module with submodules {@code encoder} and {@code decoder} (so its keys read
 * "encoder.gru1.weight_ih_l0" like the checkpoint's): {@code forward(src, tgt_in, ...)} is seqlab's teacher-forced
 * forward, {@code greedy} and {@code translate} its greedy decoding (one step at a time from the carried state,
 * stopping at {@code <eos>}). When the encoder's last recurrent layer and the decoder's first have the same number
 * of layers and hidden size (and the decoder's is one-directional), the encoder's final state, directions summed,
 * starts the decoder, as in seqlab.
 */
final class Seq2SeqWriter {

    private Seq2SeqWriter() {
    }

    static String write(String cls, String encoderClass, String decoderClass, EncoderDecoder m, int bos, int eos) {
        List<Recurrent> er = m.encoder().recurrentLayers(), dr = m.decoder().recurrentLayers();
        String bridge = "";
        if (!er.isEmpty() && !dr.isEmpty()) {
            Recurrent last = er.get(er.size() - 1), first = dr.get(0);
            if (!first.bidirectional() && first.layers() == last.layers() && first.hidden() == last.hidden()) {
                String from = m.encoder().layerNames().get(m.encoder().layers().indexOf(last));
                String to = m.decoder().layerNames().get(m.decoder().layers().indexOf(first));
                bridge = "        state[\"" + to + "\"] = bridge(final[\"" + from + "\"], " + last.layers() + ", "
                        + (last.bidirectional() ? 2 : 1) + ", cell=" + (first instanceof Lstm ? "True" : "False") + ")\n";
            }
        }
        return """
                def bridge(final, layers, dirs, cell):
                    \"\"\"The decoder's initial state from the encoder's final one: (layers*dirs, B, H) to (layers, B, H), the
                    directions summed; an LSTM decoder after an encoder without a cell starts its cell at zero.\"\"\"
                    h, c = final if isinstance(final, tuple) else (final, None)
                    h = h.reshape(layers, dirs, *h.shape[1:]).sum(1)
                    if not cell:
                        return h
                    return h, (c.reshape(layers, dirs, *c.shape[1:]).sum(1) if c is not None else torch.zeros_like(h))


                class %1$s(nn.Module):
                    \"\"\"seqlab encoder-decoder: forward(src, tgt_in) gives the decoder's logits (T, B, V) for the target read
                    shifted right (teacher forcing); translate(ids) decodes greedily. Sources and targets are time-major.\"\"\"

                    BOS = %4$d  # <bos>: the decoder's first input
                    EOS = %5$d  # <eos>: ends a translation

                    def __init__(self):
                        super().__init__()
                        self.encoder = %2$s()
                        self.decoder = %3$s()

                    def encode(self, src, src_lengths=None):
                        \"\"\"The encoder's states (S, B, E) and the decoder's initial state.\"\"\"
                        memory, final = self.encoder(src, None, src_lengths)
                        state = {}
                %6$s        return memory, state

                    def forward(self, src, tgt_in, src_lengths=None, tgt_lengths=None):
                        memory, state = self.encode(src, src_lengths)
                        logits, _ = self.decoder(tgt_in, state, tgt_lengths, memory, src_lengths)
                        return logits

                    def greedy(self, src, src_lengths=None, max_steps=None, bos=None, eos=None):
                        \"\"\"Greedy decoding as seqlab's: (max_steps, B) token ids, one step at a time from the carried state;
                        after a sequence's <eos> it repeats <eos>; stops early when every sequence has ended.\"\"\"
                        bos = self.BOS if bos is None else bos
                        eos = self.EOS if eos is None else eos
                        batch = src.shape[1]
                        max_steps = 2 * src.shape[0] + 10 if max_steps is None else max_steps
                        memory, state = self.encode(src, src_lengths)
                        out = torch.full((max_steps, batch), eos, dtype=torch.long, device=src.device)
                        cur = torch.full((1, batch), bos, dtype=torch.long, device=src.device)
                        for t in range(max_steps):
                            logits, state = self.decoder(cur, state, None, memory, src_lengths)
                            best = torch.softmax(logits[0], -1).argmax(-1)
                            if t > 0 and eos >= 0:
                                best = torch.where(out[t - 1] == eos, torch.full_like(best, eos), best)
                            out[t] = best
                            cur = best.view(1, batch)
                            if eos >= 0 and bool((best == eos).all()):
                                out[t + 1:] = best
                                break
                        return out

                    def translate(self, ids, max_steps=None):
                        \"\"\"The greedy translation of one source sequence (a list of token ids), up to before <eos>.\"\"\"
                        device = next(self.parameters()).device
                        src = torch.tensor(ids, dtype=torch.long, device=device).view(-1, 1)
                        with torch.no_grad():
                            out = self.greedy(src, torch.tensor([len(ids)], device=device), max_steps)[:, 0].tolist()
                        return out[: out.index(self.EOS)] if self.EOS in out else out
                """.formatted(cls, encoderClass, decoderClass, bos, eos, bridge);
    }
}
