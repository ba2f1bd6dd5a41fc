package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.seqlab.nn.PyTorchParityTest.assertRel;
import static org.seqlab.nn.PyTorchParityTest.fixture;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.tensor.Safetensors;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * BERT's segment embeddings and next-sentence head against PyTorch (tools/pytorch/make_word_fixtures.py, case
 * next_sentence_head): the embeddings with their segments added, the [CLS] logits, the mean cross-entropy, and the
 * gradients of the segment table, the hidden state (only its t = 0 rows) and the head's weight and bias.
 */
class NextSentenceParityTest {

    @Test
    void segmentsAndHeadMatchPyTorch() throws Exception {
        Safetensors.Contents f = fixture("next_sentence_head");
        int t = Integer.parseInt(f.metadata().get("steps")), b = Integer.parseInt(f.metadata().get("batch"));
        int e = Integer.parseInt(f.metadata().get("embedding")), d = Integer.parseInt(f.metadata().get("hidden"));
        for (Backend be : new Backend[] {CpuBackends.reference(), CpuBackends.fast()}) {
            NextSentence nsp = new NextSentence(be, e, 1f, d, new Random(1));
            nsp.segment().value().copyFromHost(f.get("param.segment.weight").floats());
            nsp.classifier().weight().value().copyFromHost(f.get("param.nsp.weight").floats());
            nsp.classifier().bias().value().copyFromHost(f.get("param.nsp.bias").floats());
            int[] segments = ints(f.get("segments").floats()), labels = ints(f.get("labels").floats());
            Tensor x = be.fromHost(f.get("embedding").floats(), Shape.of(t, b, e));
            nsp.addSegments(x, segments);
            assertRel("out", f.get("out").floats(), x.toHost());
            Tensor h = be.fromHost(f.get("hidden").floats(), Shape.of(t, b, d));
            for (Param p : nsp.params()) be.fill(p.grad(), 0);
            assertRel("logits", f.get("logits").floats(), nsp.forward(h).toHost());
            assertEquals(f.get("loss").floats()[0], nsp.loss(labels, true), 1e-5);
            Tensor dh = be.alloc(t, b, d);
            nsp.backward(dh);
            assertRel("grad.hidden", f.get("grad.hidden").floats(), dh.toHost());
            assertRel("grad.nsp.weight", f.get("grad.nsp.weight").floats(), nsp.classifier().weight().grad().toHost());
            assertRel("grad.nsp.bias", f.get("grad.nsp.bias").floats(), nsp.classifier().bias().grad().toHost());
            nsp.backwardSegments(be.fromHost(f.get("dout").floats(), Shape.of(t, b, e)));
            assertRel("grad.segment.weight", f.get("grad.segment.weight").floats(), nsp.segment().grad().toHost());
        }
    }

    private static int[] ints(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.round(v[i]);
        return out;
    }
}
