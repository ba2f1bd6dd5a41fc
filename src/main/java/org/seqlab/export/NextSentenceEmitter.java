package org.seqlab.export;

import java.util.List;
import org.seqlab.nn.NextSentence;

/**
 * objective=masked+next_sentence: BERT's segment embeddings and next-sentence head, as seqlab's {@link NextSentence}.
 * The segment table {@code segment} (2, D) is added to the input's vectors (segment 0: [CLS], A and the first [SEP];
 * 1: B and the last [SEP]; all 0 when no segments are given, as seqlab reads a single text), and {@code nsp}, a
 * Linear(D, 2), reads the last hidden state at the [CLS] position (t = 0): logits IsNext, NotNext. The module's
 * forward returns the masked-LM logits and these.
 */
final class NextSentenceEmitter {

    private NextSentenceEmitter() {
    }

    /** The lines of __init__ (after the input layer's). */
    static List<String> init(NextSentence n, int embedDim) {
        return List.of("self.segment = nn.Embedding(2, " + embedDim + ")  # segment A (0) and B (1), added to the input vectors",
                "self.nsp = nn.Linear(" + n.dim() + ", 2)  # next-sentence head on the [CLS] position: IsNext, NotNext");
    }

    /** Adds the segments to h (T, B, D), right after the input layer. */
    static String segments(int embedDim) {
        return "h = h + self.segment(segments if segments is not None else torch.zeros_like(x))  # (T, B, " + embedDim + ")";
    }

    /** Runs the head on the last hidden states, before the output layer. */
    static String head() {
        return "nsp = self.nsp(h[0])  # (B, 2): the [CLS] position's logits, IsNext then NotNext";
    }

    static final String DOC = """
            forward(x, state=None, lengths=None, segments=None) -> (logits, nsp):
                    x (T, B) token ids, usually a pair <cls> A <sep> B <sep> then padding; segments (T, B) long, 0 for
                    <cls>, A and the first <sep>, 1 for B and the last <sep> (None: 0 everywhere, one text);
                    logits (T, B, V) the masked-LM head's, nsp (B, 2) the next-sentence head's on <cls> (IsNext, NotNext).
                    pair(vocab, a, b) makes x and segments from two texts as seqlab's classify does.""";

    /** pair(vocab, a, b): the ids and segments of one pair, as seqlab's classify builds them. */
    static final String PAIR = """
            def pair(vocab, a, b):
                \"\"\"(x, segments), each (T, 1) long, of the pair <cls> A <sep> B <sep> of texts a and b, as seqlab's
                `classify "A [SEP] B"` builds it (segment 0: <cls>, A, the first <sep>; 1: B and the last <sep>).\"\"\"
                ia, ib = vocab.encode(a), vocab.encode(b)
                ids = [vocab.ids["<cls>"]] + ia + [vocab.ids["<sep>"]] + ib + [vocab.ids["<sep>"]]
                seg = [0] * (len(ia) + 2) + [1] * (len(ib) + 1)
                return torch.tensor(ids, dtype=torch.long).unsqueeze(1), torch.tensor(seg, dtype=torch.long).unsqueeze(1)
            """;
}
