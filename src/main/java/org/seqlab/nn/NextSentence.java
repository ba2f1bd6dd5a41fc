package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * BERT's second objective, next-sentence prediction (Devlin et al. 2019), on an input {@code [CLS] A [SEP] B [SEP]}:
 * segment embeddings (2, D) added to the token embeddings (segment 0 for [CLS], A and the first [SEP], 1 for B and
 * the last [SEP]), and a dense 2-way softmax classifier on the model's last hidden state at the [CLS] position
 * (t = 0). Labels as BERT's: 0 IsNext (B follows A in the text), 1 NotNext (B is a random sentence). The loss is the
 * mean cross-entropy over the batch, added to the masked-LM loss. Parameters: {@code segment.weight} (PyTorch's
 * token_type_embeddings), {@code nsp.weight} (2, D) and {@code nsp.bias} (BERT's seq_relationship).
 */
public final class NextSentence {
    public static final int IS_NEXT = 0, NOT_NEXT = 1;

    private final Backend be;
    private final int embedDim, dim;
    private final Param segment;
    private final Dense classifier;
    private int[] segments;
    private int batch;
    private Tensor gathered, logits, probs, dLogits;
    private boolean gradReady;

    /**
     * Segments of the embedding's width {@code embedDim}, initialised N(0, std) as the token table, and the head on
     * the last hidden state of width {@code dim}.
     */
    public NextSentence(Backend be, int embedDim, float std, int dim, Random rnd) {
        this.be = be;
        this.embedDim = embedDim;
        this.dim = dim;
        segment = new Param("segment.weight", be.alloc(2, embedDim), be.alloc(2, embedDim));
        Init.normal(segment.value(), std, rnd);
        classifier = new Dense(be, dim, 2, Activation.NONE, false, rnd);
    }

    /** Width of the hidden state the head reads. */
    public int dim() { return dim; }

    public List<Param> params() {
        return List.of(segment, classifier.weight().prefixed("nsp"), classifier.bias().prefixed("nsp"));
    }

    /** x (T, B, D) += segment[segments[t*B + b]]: the embedding of each position's segment, added in place. */
    public void addSegments(Tensor x, int[] segments) {
        this.segments = segments;
        if (gathered == null || !gathered.shape().equals(x.shape())) gathered = be.alloc(x.shape());
        be.gather(segment.value(), segments, 0, gathered);
        be.axpy(1f, gathered, x);
    }

    /** dSegment += the gradient at the input of the layers, dx (T, B, D), gathered by segment. */
    public void backwardSegments(Tensor dx) {
        if (segments != null) be.scatterAdd(dx, segments, 0, segment.grad());
    }

    /** Logits (B, 2) from the last hidden states h (T, B, D): the rows of t = 0, the [CLS] position. */
    public Tensor forward(Tensor h) {
        batch = h.shape().dim(1);
        gradReady = false;
        Tensor cls = h.view(0, Shape.of(batch, dim));                      // (B, D)
        logits = classifier.forward(cls, false);                            // (B, 2)
        if (probs == null || !probs.shape().equals(logits.shape())) {
            probs = be.alloc(logits.shape());
            dLogits = be.alloc(logits.shape());
        }
        return logits;
    }

    /** Logits (B, 2) of the last forward: IsNext, NotNext. */
    public Tensor logits() { return logits; }

    /** Softmax (B, 2) of the last forward: column 0 is P(IsNext). Computed by {@link #loss} or {@link #probabilities}. */
    public Tensor probabilities() {
        int[] none = new int[batch];
        java.util.Arrays.fill(none, -100);
        be.softmaxCrossEntropy(logits, none, 0, -100, 0f, probs, null);
        return probs;
    }

    /** Mean cross-entropy of the last forward against labels[b] (IS_NEXT or NOT_NEXT); with grad, prepares backward. */
    public double loss(int[] labels, boolean grad) {
        double sum = be.softmaxCrossEntropy(logits, labels, 0, -100, 1f / batch, probs, grad ? dLogits : null);
        gradReady = grad;
        return sum / batch;
    }

    /** How many of the last forward's predictions (the larger probability) match labels. */
    public int correct(int[] labels) {
        float[] z = logits.toHost();
        int n = 0;
        for (int b = 0; b < batch; b++) if ((z[2 * b + 1] > z[2 * b] ? NOT_NEXT : IS_NEXT) == labels[b]) n++;
        return n;
    }

    /** dh (T, B, D): adds the classifier's gradient at the [CLS] rows (after a loss with grad). */
    public void backward(Tensor dh) {
        if (!gradReady) return;
        Tensor dcls = classifier.backward(dLogits);                        // (B, D)
        be.axpy(1f, dcls, dh.view(0, Shape.of(batch, dim)));
    }

    /** The segment table (2, D) and the classifier, for tests and export. */
    public Param segment() { return segment; }

    public Dense classifier() { return classifier; }
}
