package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.PositionalEncoding;

/**
 * positional sinusoidal|learned max=N: adds pe[t] to step t. The sinusoidal table is computed as seqlab computes
 * it (in double, then float32) and kept out of the state_dict, as it is out of the checkpoint; the learned table
 * is the parameter "weight" (max, C).
 */
final class PositionalEmitter {

    private PositionalEmitter() {
    }

    static LayerCode emit(String name, PositionalEncoding p, String shape) {
        boolean learned = p.kind() == PositionalEncoding.Kind.LEARNED;
        return new LayerCode(List.of("self." + name + " = Positional(" + p.inputWidth() + ", " + p.max() + ", learned="
                + (learned ? "True" : "False") + ")"), List.of("h = self." + name + "(h)  # " + shape), List.of(POSITIONAL));
    }

    static final String POSITIONAL = """
            def sinusoid(max_len, width):
                \"\"\"(max_len, width): pe[p, 2i] = sin(p / 10000^(2i/width)), pe[p, 2i+1] = cos(same), in double, then float32.\"\"\"
                p = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
                angle = p * torch.exp(-math.log(10000.0) * torch.arange(0, width, 2, dtype=torch.float64) / width)
                pe = torch.zeros(max_len, width, dtype=torch.float64)
                pe[:, 0::2] = torch.sin(angle)
                pe[:, 1::2] = torch.cos(angle[:, : width // 2])
                return pe.float()


            class Positional(nn.Module):
                \"\"\"Adds a position vector to each step of (T, B, C); T may not exceed max_len.\"\"\"

                def __init__(self, width, max_len, learned):
                    super().__init__()
                    self.max_len = max_len
                    if learned:
                        self.weight = nn.Parameter(torch.empty(max_len, width).normal_(0.0, 0.02))
                    else:
                        self.weight = None
                        self.register_buffer("table", sinusoid(max_len, width), persistent=False)

                def forward(self, h):
                    if h.shape[0] > self.max_len:
                        raise ValueError(f"a sequence of {h.shape[0]} steps is longer than positional max={self.max_len}")
                    table = self.weight if self.weight is not None else self.table
                    return h + table[: h.shape[0]].unsqueeze(1)
            """;
}
