package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.TransformerBlock;

/**
 * transformer heads=H [ff=F] [causal] [dropout=p]: nanoGPT's pre-LayerNorm Block with its parameter names
 * (ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj), exact GELU, padded keys masked.
 */
final class TransformerEmitter {

    private TransformerEmitter() {
    }

    static LayerCode emit(String name, TransformerBlock b, String shape) {
        String init = "self." + name + " = Block(" + b.inputWidth() + ", heads=" + b.attention().heads() + ", ff=" + b.ff()
                + ", causal=" + (b.attention().causal() ? "True" : "False") + ", dropout=" + PythonText.num(b.dropout()) + ")";
        return new LayerCode(List.of(init), List.of("h = self." + name + "(h, lengths)  # " + shape),
                List.of(AttentionEmitter.ATTEND, BLOCK));
    }

    static final String BLOCK = """
            class BlockAttention(nn.Module):
                \"\"\"nanoGPT's CausalSelfAttention (causal or not): c_attn (3C, C) gives q, k, v; c_proj mixes the heads.\"\"\"

                def __init__(self, width, heads, causal, dropout):
                    super().__init__()
                    self.width, self.heads, self.causal, self.dropout = width, heads, causal, dropout
                    self.c_attn = nn.Linear(width, 3 * width)
                    self.c_proj = nn.Linear(width, width)
                    self.weights = None  # the last forward's attention weights (B, H, T, T)

                def forward(self, h, lengths=None):
                    q, k, v = self.c_attn(h).split(self.width, -1)
                    ctx, self.weights = attend(q, k, v, self.heads, self.causal, lengths, self.dropout, self.training)
                    return self.c_proj(ctx)


            class MLP(nn.Module):
                def __init__(self, width, ff):
                    super().__init__()
                    self.c_fc = nn.Linear(width, ff)
                    self.c_proj = nn.Linear(ff, width)

                def forward(self, h):
                    return self.c_proj(F.gelu(self.c_fc(h)))


            class Block(nn.Module):
                \"\"\"h = x + drop(attn(ln_1(x))); out = h + drop(mlp(ln_2(h))).\"\"\"

                def __init__(self, width, heads, ff, causal, dropout):
                    super().__init__()
                    self.ln_1 = nn.LayerNorm(width, eps=1e-5)
                    self.attn = BlockAttention(width, heads, causal, dropout)
                    self.ln_2 = nn.LayerNorm(width, eps=1e-5)
                    self.mlp = MLP(width, ff)
                    self.drop = nn.Dropout(dropout)

                def forward(self, x, lengths=None):
                    h = x + self.drop(self.attn(self.ln_1(x), lengths))
                    return h + self.drop(self.mlp(self.ln_2(h)))
            """;
}
