package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Multi-head scaled dot-product self-attention, PyTorch's nn.MultiheadAttention with query = key = value = x:
 * [q k v] = x W_in^T + b_in (W_in (3D, I), rows q, then k, then v; head h uses columns h*d .. (h+1)*d of each),
 * per head softmax(q k^T / sqrt(d)) v with d = D / heads, heads concatenated, then y = ctx W_out^T + b_out.
 * Options: a causal mask (query t sees keys 0..t), a padding mask ({@link #keyLengths}), dropout on the weights.
 *
 * Layout: the sequence is (T, B, I); Q, K, V, the per-head outputs are (B, H, T, d) and the weights (B, H, T, T),
 * so every (b, h) pair is one contiguous matrix product. Traces: PREFIX.attention.weights (B, H, T, T),
 * PREFIX.attention.queries and PREFIX.attention.keys (B, H, T, d).
 */
public final class MultiHeadAttention implements Layer {
    /** Parameter names: PyTorch's nn.MultiheadAttention, or nanoGPT's CausalSelfAttention (c_attn, c_proj). */
    public enum Naming {
        PYTORCH("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
        NANOGPT("c_attn.weight", "c_attn.bias", "c_proj.weight", "c_proj.bias");

        final String inW, inB, outW, outB;

        Naming(String inW, String inB, String outW, String outB) {
            this.inW = inW;
            this.inB = inB;
            this.outW = outW;
            this.outB = outB;
        }
    }

    private final Backend be;
    private final int in, dim, heads, headDim;
    private final boolean causal;
    private final Naming naming;
    private final float scale;
    private final DropoutSite drop;
    private final Param inW, inB, outW, outB;
    private int[] keyLengths;
    /** Where the buffers no backward reads (and the gradients) come from: null, its own; a block's, shared. */
    private SharedBuffers shared;
    private String sharedPrefix;

    private int steps = -1, batch = -1;
    private boolean dropped;
    // (T, B, 3D) projections, (T, B, D) context, (B, H, T, d) heads, (B, H, T, T) scores and weights.
    private Tensor x, qkv, ctx, y, q, k, v, o, scores, probs, mask, used;
    private Tensor dqkv, dctx, dx, dq, dk, dv, dO, dUsed, dScores;

    public MultiHeadAttention(Backend be, int in, int dim, int heads, boolean causal, float dropout, Naming naming, Random rnd) {
        if (heads <= 0 || dim % heads != 0) throw new IllegalArgumentException("attention heads=" + heads + " needs a width divisible by " + heads + ", got " + dim);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("attention dropout must be in [0, 1), got " + dropout);
        this.be = be;
        this.in = in;
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.causal = causal;
        this.naming = naming;
        this.scale = (float) (1 / Math.sqrt(headDim));
        inW = new Param(naming.inW, be.alloc(3 * dim, in), be.alloc(3 * dim, in));
        inB = new Param(naming.inB, be.alloc(3 * dim), be.alloc(3 * dim));
        outW = new Param(naming.outW, be.alloc(dim, dim), be.alloc(dim, dim));
        outB = new Param(naming.outB, be.alloc(dim), be.alloc(dim));
        Init.xavier(inW.value(), rnd);
        Init.kaimingLinear(outW.value(), dim, rnd);
        drop = new DropoutSite(dropout, rnd.nextLong());
    }

    /** Dropout on the attention weights. */
    @Override public List<DropoutSite> dropoutSites() { return List.of(drop); }

    /** nanoGPT's initialisation: weights N(0, std), the output projection N(0, outStd), biases zero. */
    public void initGpt(float std, float outStd, Random rnd) {
        Init.normal(inW.value(), std, rnd);
        Init.normal(outW.value(), outStd, rnd);
        be.fill(inB.value(), 0);
        be.fill(outB.value(), 0);
    }

    /** Padding mask: keys at or past keyLengths[b] are ignored for batch element b (null: none). */
    public void keyLengths(int[] lengths) { this.keyLengths = lengths; }

    /** Padded keys are never attended to (queries at padded steps still see the real keys). */
    @Override public void lengths(int[] lengths) { keyLengths(lengths); }

    public int heads() { return heads; }

    /** Whether query t sees only keys 0..t. */
    public boolean causal() { return causal; }

    /** The attention-weight dropout rate the layer was built with. */
    public float dropout() { return drop.builtRate(); }

    /** Which parameter names the layer uses (PyTorch's or nanoGPT's). */
    public Naming naming() { return naming; }

    @Override public int inputWidth() { return in; }

    @Override public int outputWidth() { return dim; }

    @Override public List<Param> params() { return List.of(inW, inB, outW, outB); }

    /**
     * Inside a transformer block: the projections before the split, the heads' output, the scores, the output y
     * and every gradient (dx included: the block's LayerNorm consumes it before another block runs) come from ws
     * under prefix, shared with the model's other blocks. The input x, q, k, v, the weights and ctx, which the
     * backward reads, stay the layer's own. Call before the first forward.
     */
    void shareBuffers(SharedBuffers ws, String prefix) {
        shared = ws;
        sharedPrefix = prefix;
        steps = -1;
    }

    private Tensor lend(String name, Shape shape) {
        return shared == null ? be.alloc(shape) : shared.get(sharedPrefix + name, shape);
    }

    private void allocate(int t, int b) {
        steps = t;
        batch = b;
        Shape seq = Shape.of(t, b, dim), head = Shape.of(b, heads, t, headDim), square = Shape.of(b, heads, t, t);
        qkv = lend("qkv", Shape.of(t, b, 3 * dim));
        dqkv = lend("dqkv", Shape.of(t, b, 3 * dim));
        ctx = be.alloc(seq);
        dctx = lend("dctx", seq);
        y = lend("y", seq);
        dx = lend("dx", Shape.of(t, b, in));
        q = be.alloc(head); k = be.alloc(head); v = be.alloc(head); o = lend("o", head);
        dq = lend("dq", head); dk = lend("dk", head); dv = lend("dv", head); dO = lend("dO", head);
        scores = lend("scores", square);
        probs = be.alloc(square);
        dUsed = lend("dUsed", square);
        dScores = lend("dScores", square);
        mask = null;
        used = null;
    }

    @Override public Tensor forward(Tensor x, boolean training) {
        if (x.shape().rank() != 3 || x.cols() != in) throw new IllegalArgumentException("attention expects (T, B, " + in + "), got " + x.shape());
        int t = x.shape().dim(0), b = x.shape().dim(1);
        if (t != steps || b != batch) allocate(t, b);
        if (keyLengths != null && keyLengths.length < b) {
            throw new IllegalArgumentException("padding mask has " + keyLengths.length + " lengths for a batch of " + b);
        }
        this.x = x;
        be.gemm(false, true, 1f, x, inW.value(), 0f, qkv);                  // (T, B, 3D)
        be.addRowVector(qkv, inB.value());
        be.splitHeads(qkv, 0, q);                                           // (B, H, T, d)
        be.splitHeads(qkv, dim, k);
        be.splitHeads(qkv, 2 * dim, v);
        product(false, true, q, k, scores);                                 // (B, H, T, T), causal: the lower half
        be.maskedSoftmax(scores, scale, causal, keyLengths, probs);
        float rate = drop.rate();
        dropped = training && rate > 0;
        Tensor p = probs;
        if (dropped) {
            if (mask == null) {
                mask = be.alloc(probs.shape());
                used = be.alloc(probs.shape());
            }
            be.dropoutMask(mask, rate, drop.seeds().nextLong());
            be.mul(probs, mask, used);
            p = used;
        }
        product(false, false, p, v, o);                                     // (B, H, T, d)
        be.mergeHeads(o, ctx, 0, false);                                    // (T, B, D)
        be.gemm(false, true, 1f, ctx, outW.value(), 0f, y);
        be.addRowVector(y, outB.value());
        return y;
    }

    @Override public Tensor backward(Tensor dy) {
        be.gemm(true, false, 1f, dy, ctx, 1f, outW.grad());
        be.sumRows(dy, outB.grad(), true);
        be.gemm(false, false, 1f, dy, outW.value(), 0f, dctx);              // (T, B, D)
        be.splitHeads(dctx, 0, dO);                                         // (B, H, T, d)
        Tensor p = dropped ? used : probs;
        product(true, false, p, dO, dv);                                    // dV = P^T dO
        product(false, true, dO, v, dUsed);                                 // dP = dO V^T (B, H, T, T)
        if (dropped) be.mul(dUsed, mask, dUsed);
        be.maskedSoftmaxBackward(probs, dUsed, scale, causal, dScores);
        product(false, false, dScores, k, dq);                              // dQ = dS K
        product(true, false, dScores, q, dk);                               // dK = dS^T Q
        be.mergeHeads(dq, dqkv, 0, false);
        be.mergeHeads(dk, dqkv, dim, false);
        be.mergeHeads(dv, dqkv, 2 * dim, false);
        be.gemm(true, false, 1f, dqkv, x, 1f, inW.grad());
        be.sumRows(dqkv, inB.grad(), true);
        be.gemm(false, false, 1f, dqkv, inW.value(), 0f, dx);
        return dx;
    }

    /**
     * c = op(a) op(b) per (b, h); with the causal mask the masked half of each (T, T) matrix is skipped: it is zero in
     * P and dS, and not needed in the scores and dP.
     */
    private void product(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        if (causal) be.causalBatchedGemm(transA, transB, 1f, a, b, 0f, c);
        else be.batchedGemm(transA, transB, 1f, a, b, 0f, c);
    }

    @Override public void record(Trace trace, String prefix) {
        if (probs == null) return;
        // The whole q.k (a causal forward computes only the visible half), in a tensor of the trace's own: the
        // layer's scores buffer may be shared with the other blocks of its model.
        Tensor scores = be.alloc(probs.shape());
        be.batchedGemm(false, true, 1f, q, k, 0f, scores);
        trace.put(prefix + ".attention.weights", probs);
        trace.put(prefix + ".attention.queries", q);
        trace.put(prefix + ".attention.keys", k);
        trace.put(prefix + ".attention.values", v);
        trace.put(prefix + ".attention.scores", scores);        // q.k before the scale, the mask and the softmax
    }
}
