package org.seqlab.export;

import java.util.List;
import java.util.Locale;
import org.seqlab.nn.Pool;

/** pool last|mean over each sequence's real steps (the padding mask); one step per sequence from there on. */
final class PoolEmitter {

    private PoolEmitter() {
    }

    static LayerCode emit(Pool p, String shape) {
        String mode = p.mode().name().toLowerCase(Locale.ROOT);
        return new LayerCode(List.of(), List.of("h = pool(h, lengths, \"" + mode + "\")  # pool " + mode + ": " + shape,
                "lengths = None  # one step per sequence from here on"), List.of(POOL));
    }

    static final String POOL = """
            def pool(h, lengths, mode):
                \"\"\"(T, B, W) to (B, W): the last real step, or the mean over the real steps (lengths None: all are real).\"\"\"
                if lengths is None:
                    return h[-1] if mode == "last" else h.mean(0)
                lengths = lengths.to(h.device)
                if mode == "last":
                    return h[lengths - 1, torch.arange(h.shape[1], device=h.device)]
                real = (torch.arange(h.shape[0], device=h.device).unsqueeze(1) < lengths.unsqueeze(0)).to(h.dtype)
                return (h * real.unsqueeze(2)).sum(0) / lengths.to(h.dtype).unsqueeze(1)
            """;
}
