package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.CrossAttention;

/**
 * attention over=encoder kind=additive|dot [dim=A] in a decoder: each decoder step attends over the encoder's states
 * (padded source steps masked) and the layer outputs [h ; context]. Parameters as seqlab's: query.weight,
 * query.bias, and for additive key.weight (A, E) and v (A).
 */
final class EncoderAttentionEmitter {

    private EncoderAttentionEmitter() {
    }

    static LayerCode emit(String name, CrossAttention c, String shape) {
        String init = "self." + name + " = EncoderAttention(" + c.inputWidth() + ", " + c.encoderWidth() + ", " + c.attentionWidth()
                + ", additive=" + (c.kind() == CrossAttention.Kind.ADDITIVE ? "True" : "False") + ")";
        return new LayerCode(List.of(init), List.of("h = self." + name + "(h, memory, memory_lengths)  # " + shape),
                List.of(AttentionEmitter.ATTEND, ENCODER_ATTENTION));
    }

    static final String ENCODER_ATTENTION = """
            class EncoderAttention(nn.Module):
                \"\"\"Decoder steps h (T, B, D) attend over encoder states m (S, B, E); returns [h ; context] (T, B, D + E).
                additive: e_ts = v . tanh(query(h_t) + key(m_s)); dot: e_ts = query(h_t) . m_s / sqrt(E).\"\"\"

                def __init__(self, width, encoder_width, attention_width, additive):
                    super().__init__()
                    self.additive, self.encoder_width = additive, encoder_width
                    self.query = nn.Linear(width, attention_width)
                    if additive:
                        self.key = nn.Linear(encoder_width, attention_width, bias=False)
                        self.v = nn.Parameter(torch.empty(attention_width).uniform_(-attention_width ** -0.5, attention_width ** -0.5))
                    self.weights = None  # the last forward's attention weights (B, T, S)

                def forward(self, h, memory, lengths=None):
                    q = self.query(h).transpose(0, 1)  # (B, T, A)
                    m = memory.transpose(0, 1)  # (B, S, E)
                    if self.additive:
                        k = self.key(m)  # (B, S, A)
                        scores = torch.tanh(q.unsqueeze(2) + k.unsqueeze(1)) @ self.v  # (B, T, S)
                    else:
                        scores = (q @ m.transpose(1, 2)) * (1.0 / math.sqrt(self.encoder_width))
                    seen = visible_keys(h.shape[0], memory.shape[0], False, lengths, h.device).squeeze(1)
                    self.weights = masked_softmax(scores, seen)
                    ctx = (self.weights @ m).transpose(0, 1)  # (T, B, E)
                    return torch.cat([h, ctx], -1)
            """;
}
