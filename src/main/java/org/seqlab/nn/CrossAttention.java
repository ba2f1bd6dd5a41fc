package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Encoder–decoder attention (`attention over=encoder kind=additive|dot`): each decoder step x_t (width D) attends
 * over all encoder states m_s (width E) and the layer outputs [x_t ; c_t] (width D + E), c_t = Σ_s α_ts m_s.
 *   additive (Bahdanau): e_ts = v · tanh(W_q x_t + b_q + W_k m_s), W_q (A, D), W_k (A, E), v (A); A = E by default.
 *   dot (Luong, scaled): e_ts = (W_q x_t + b_q) · m_s / sqrt(E), W_q (E, D).
 * α_t = softmax over the encoder steps s < lengths[b] ({@link #memory}). Parameters: query.weight, query.bias,
 * key.weight and v (additive only).
 *
 * The encoder states are set before each forward with {@link #memory}; after backward their gradient is in
 * {@link #memoryGradient()} (S, B, E), for the caller to push through the encoder.
 * Traces: PREFIX.attention.weights (B, 1, T, S), the cross-attention map of each example.
 */
public final class CrossAttention implements Layer {
    /** additive | dot. */
    public enum Kind { ADDITIVE, DOT }

    private final Backend be;
    private final Kind kind;
    private final int in, enc, att;
    private final float scale;
    private final Dense query;
    private final Param keyW, v;
    private Tensor memory;
    private int[] lengths;

    private Tensor x, qp, kp, hidden, qHeads, mHeads, scores, probs, ctxHeads, ctx, out;
    private Tensor dx, dctx, dCtxHeads, dProbs, dScores, dqp, dkp, dqHeads, dmHeads, dMemory;

    public CrossAttention(Backend be, Kind kind, int in, int encoderWidth, int attentionWidth, Random rnd) {
        this.be = be;
        this.kind = kind;
        this.in = in;
        this.enc = encoderWidth;
        this.att = kind == Kind.DOT ? encoderWidth : attentionWidth > 0 ? attentionWidth : encoderWidth;
        this.scale = kind == Kind.DOT ? (float) (1 / Math.sqrt(encoderWidth)) : 1f;
        query = new Dense(be, in, att, Activation.NONE, false, rnd);
        if (kind == Kind.ADDITIVE) {
            keyW = new Param("key.weight", be.alloc(att, enc), be.alloc(att, enc));
            v = new Param("v", be.alloc(att), be.alloc(att));
            Init.kaimingLinear(keyW.value(), enc, rnd);
            Init.uniform(v.value(), (float) (1 / Math.sqrt(att)), rnd);
        } else {
            keyW = null;
            v = null;
        }
    }

    /** The encoder states (S, B, E) and, per batch element, how many of them are real (null: all). */
    public void memory(Tensor states, int[] lengths) {
        if (states.shape().rank() != 3 || states.cols() != enc) {
            throw new IllegalArgumentException("encoder attention expects encoder states (S, B, " + enc + "), got " + states.shape());
        }
        this.memory = states;
        this.lengths = lengths;
    }

    /** d(loss)/d(encoder states) of the last backward, (S, B, E). */
    public Tensor memoryGradient() { return dMemory; }

    public Kind kind() { return kind; }

    /** Width of the encoder states it attends over. */
    public int encoderWidth() { return enc; }

    /** Width of the query (and, additive, key) projections. */
    public int attentionWidth() { return att; }

    @Override public int inputWidth() { return in; }

    @Override public int outputWidth() { return in + enc; }

    @Override public List<Param> params() {
        List<Param> q = List.of(query.weight().prefixed("query"), query.bias().prefixed("query"));
        return kind == Kind.DOT ? q : List.of(q.get(0), q.get(1), keyW, v);
    }

    private void allocate(int t, int s, int b) {
        scores = be.alloc(b, 1, t, s);
        probs = be.alloc(scores.shape());
        dProbs = be.alloc(scores.shape());
        dScores = be.alloc(scores.shape());
        mHeads = be.alloc(b, 1, s, enc);
        dmHeads = be.alloc(mHeads.shape());
        ctxHeads = be.alloc(b, 1, t, enc);
        dCtxHeads = be.alloc(ctxHeads.shape());
        ctx = be.alloc(t, b, enc);
        dctx = be.alloc(t, b, enc);
        out = be.alloc(t, b, in + enc);
        dx = be.alloc(t, b, in);
        dqp = be.alloc(t, b, att);
        dMemory = be.alloc(s, b, enc);
        if (kind == Kind.DOT) {
            qHeads = be.alloc(b, 1, t, enc);
            dqHeads = be.alloc(qHeads.shape());
        } else {
            kp = be.alloc(s, b, att);
            dkp = be.alloc(s, b, att);
            hidden = be.alloc(b, t, s, att);
        }
    }

    @Override public Tensor forward(Tensor x, boolean training) {
        if (memory == null) throw new IllegalStateException("encoder attention needs the encoder states: call memory(...) first");
        int t = x.shape().dim(0), b = x.shape().dim(1), s = memory.shape().dim(0);
        if (memory.shape().dim(1) != b) throw new IllegalArgumentException("encoder batch " + memory.shape().dim(1) + ", decoder batch " + b);
        if (out == null || !out.shape().equals(Shape.of(t, b, in + enc)) || scores.shape().dim(3) != s) allocate(t, s, b);
        this.x = x;
        qp = query.forward(x, training);                                         // (T, B, A)
        be.splitHeads(memory, 0, mHeads);                                        // (B, 1, S, E)
        if (kind == Kind.DOT) {
            be.splitHeads(qp, 0, qHeads);                                        // (B, 1, T, E)
            be.batchedGemm(false, true, 1f, qHeads, mHeads, 0f, scores);         // (B, 1, T, S)
        } else {
            be.gemm(false, true, 1f, memory, keyW.value(), 0f, kp);              // (S, B, A)
            be.additiveScores(qp, kp, v.value(), hidden, scores);
        }
        be.maskedSoftmax(scores, scale, false, lengths, probs);
        be.batchedGemm(false, false, 1f, probs, mHeads, 0f, ctxHeads);           // (B, 1, T, E)
        be.mergeHeads(ctxHeads, ctx, 0, false);                                  // (T, B, E)
        be.concatCols(x, ctx, out);
        return out;
    }

    @Override public Tensor backward(Tensor dy) {
        be.splitCols(dy, dx, dctx, false);
        be.splitHeads(dctx, 0, dCtxHeads);
        be.batchedGemm(false, true, 1f, dCtxHeads, mHeads, 0f, dProbs);          // dα = dC M^T
        be.batchedGemm(true, false, 1f, probs, dCtxHeads, 0f, dmHeads);          // dM = α^T dC
        be.maskedSoftmaxBackward(probs, dProbs, scale, dScores);
        if (kind == Kind.DOT) {
            be.batchedGemm(false, false, 1f, dScores, mHeads, 0f, dqHeads);      // dQ = dS M
            be.batchedGemm(true, false, 1f, dScores, qHeads, 1f, dmHeads);       // dM += dS^T Q
            be.mergeHeads(dqHeads, dqp, 0, false);
            be.mergeHeads(dmHeads, dMemory, 0, false);
        } else {
            be.additiveScoresBackward(hidden, v.value(), dScores, dqp, dkp, v.grad());
            be.mergeHeads(dmHeads, dMemory, 0, false);
            be.gemm(true, false, 1f, dkp, memory, 1f, keyW.grad());
            be.gemm(false, false, 1f, dkp, keyW.value(), 1f, dMemory);
        }
        be.axpy(1f, query.backward(dqp), dx);
        return dx;
    }

    @Override public void record(Trace trace, String prefix) {
        if (probs != null) trace.put(prefix + ".attention.weights", probs);
    }
}
