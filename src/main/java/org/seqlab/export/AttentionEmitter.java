package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.MultiHeadAttention;

/**
 * attention heads=H [dim=D] [causal] [dropout=p]: multi-head self-attention with nn.MultiheadAttention's parameter
 * names (in_proj_weight (3D, in) with rows q, k, v; in_proj_bias; out_proj), written out because dim= lets the
 * input width differ from D, which nn.MultiheadAttention does not allow with packed projections. Padded keys get
 * weight 0, as in seqlab. {@link #ATTEND} is shared with the transformer block and the encoder attention.
 */
final class AttentionEmitter {

    private AttentionEmitter() {
    }

    static LayerCode emit(String name, MultiHeadAttention a, String shape) {
        if (a.naming() != MultiHeadAttention.Naming.PYTORCH) {
            throw new ExportRefusal(name, "attention layer '" + name + "' uses nanoGPT's names outside a transformer block");
        }
        String init = "self." + name + " = SelfAttention(" + a.inputWidth() + ", " + a.outputWidth() + ", heads=" + a.heads()
                + ", causal=" + (a.causal() ? "True" : "False") + ", dropout=" + PythonText.num(a.dropout()) + ")";
        return new LayerCode(List.of(init), List.of("h = self." + name + "(h, lengths)  # " + shape), List.of(ATTEND, SELF_ATTENTION));
    }

    static final String ATTEND = """
            def visible_keys(steps, keys, causal, lengths, device):
                \"\"\"(B or 1, 1, T, S) bool: query t sees key s when s <= t + S - T (causal) and s < lengths[b] (padding).\"\"\"
                s = torch.arange(keys, device=device)
                seen = torch.ones(steps, keys, dtype=torch.bool, device=device)
                if causal:
                    seen = s.unsqueeze(0) <= torch.arange(steps, device=device).unsqueeze(1) + (keys - steps)
                seen = seen.view(1, 1, steps, keys)
                if lengths is not None:
                    seen = seen & (s.view(1, 1, 1, keys) < lengths.to(device).view(-1, 1, 1, 1))
                return seen


            def masked_softmax(scores, seen):
                \"\"\"Softmax over the last axis where seen; unseen keys get exactly 0, a query that sees none gets all 0.\"\"\"
                weights = torch.softmax(scores.masked_fill(~seen, -1e30), -1)
                return weights * seen.to(weights.dtype)


            def attend(q, k, v, heads, causal, lengths, dropout, training):
                \"\"\"Scaled dot-product attention, time-major: q (T, B, D), k and v (S, B, D) split into heads of D / heads.
                Returns the context (T, B, D) and the weights (B, H, T, S).\"\"\"
                steps, batch, width = q.shape
                keys, d = k.shape[0], width // heads
                qh = q.reshape(steps, batch, heads, d).permute(1, 2, 0, 3)  # (B, H, T, d)
                kh = k.reshape(keys, batch, heads, d).permute(1, 2, 0, 3)  # (B, H, S, d)
                vh = v.reshape(keys, batch, heads, d).permute(1, 2, 0, 3)
                scores = (qh @ kh.transpose(-1, -2)) * (1.0 / math.sqrt(d))  # (B, H, T, S)
                weights = masked_softmax(scores, visible_keys(steps, keys, causal, lengths, q.device))
                ctx = F.dropout(weights, dropout, training) @ vh  # (B, H, T, d)
                return ctx.permute(2, 0, 1, 3).reshape(steps, batch, width), weights
            """;

    static final String SELF_ATTENTION = """
            class SelfAttention(nn.Module):
                \"\"\"seqlab's attention layer: [q k v] = h in_proj_weight^T + in_proj_bias, per head softmax(q k^T / sqrt(d)) v,
                heads concatenated, then out_proj. Input (T, B, width), output (T, B, dim).\"\"\"

                def __init__(self, width, dim, heads, causal, dropout):
                    super().__init__()
                    self.dim, self.heads, self.causal, self.dropout = dim, heads, causal, dropout
                    self.in_proj_weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(3 * dim, width)))
                    self.in_proj_bias = nn.Parameter(torch.zeros(3 * dim))
                    self.out_proj = nn.Linear(dim, dim)
                    self.weights = None  # the last forward's attention weights (B, H, T, T)

                def forward(self, h, lengths=None):
                    q, k, v = F.linear(h, self.in_proj_weight, self.in_proj_bias).split(self.dim, -1)
                    ctx, self.weights = attend(q, k, v, self.heads, self.causal, lengths, self.dropout, self.training)
                    return self.out_proj(ctx)
            """;
}
