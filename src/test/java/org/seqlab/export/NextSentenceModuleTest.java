package org.seqlab.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Model;
import org.seqlab.nn.NextSentence;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.TransformerBlock;

/** The module text of a model with BERT's next-sentence head (no Python needed; parity: PytorchExportNextSentenceParityTest). */
class NextSentenceModuleTest {
    private final Backend be = CpuBackends.reference();

    @Test
    void segmentsAndTheHeadOnClsAreWrittenAndForwardReturnsBothLogits() {
        Random rnd = new Random(1);
        Model m = new Model(be).input("embed", new Embedding(be, 20, 8, false, rnd))
                .add("transformer1", new TransformerBlock(be, 8, 2, 16, false, 0f, 1, rnd))
                .output("output", new SoftmaxOutput(be, 8, 20, -1, rnd))
                .nextSentence(new NextSentence(be, 8, 0.02f, 8, rnd));
        String text = PytorchModule.source("bert", m, "bert.safetensors");
        assertTrue(text.contains("self.segment = nn.Embedding(2, 8)"), text);
        assertTrue(text.contains("self.nsp = nn.Linear(8, 2)"), text);
        assertTrue(text.contains("def forward(self, x, state=None, lengths=None, segments=None):"), text);
        assertTrue(text.contains("h = h + self.segment(segments if segments is not None else torch.zeros_like(x))"), text);
        assertTrue(text.contains("nsp = self.nsp(h[0])") && text.contains("return self.output(h), nsp"), text);
        assertTrue(text.contains("forward(x, state=None, lengths=None, segments=None) -> (logits, nsp)"), "documented in the docstring");
        assertTrue(text.contains("NEXT_SENTENCE = True") && text.contains("NEXT_TOKEN = False"), "the demo classifies a pair, never samples");
        assertTrue(text.contains("\ndef pair(vocab, a, b):"), text);
        String plain = PytorchModule.source("lm", new Model(be).input("embed", new Embedding(be, 20, 8, false, rnd))
                .output("output", new SoftmaxOutput(be, 8, 20, -1, rnd)), "lm.safetensors");
        assertTrue(plain.contains("NEXT_SENTENCE = False") && !plain.contains("self.segment") && !plain.contains("def pair("), plain);
    }
}
