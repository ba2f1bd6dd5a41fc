package org.seqlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/**
 * A pre-LayerNorm transformer block, nanoGPT's Block:
 *   h   = x + drop(attn(ln_1(x)))
 *   out = h + drop(mlp.c_proj(gelu(mlp.c_fc(ln_2(h)))))
 * with causal (or full) multi-head self-attention and an MLP of width ff (exact GELU). Parameter names follow
 * nanoGPT: ln_1.weight, attn.c_attn.weight (3C, C), attn.c_proj.weight, ln_2.*, mlp.c_fc.weight (ff, C),
 * mlp.c_proj.weight (C, ff), each with its bias. Initialised as nanoGPT: Linear weights N(0, 0.02), residual
 * projections N(0, 0.02 / sqrt(2 * depth)) where depth is the number of blocks in the stack, biases zero.
 * Traces: PREFIX.attention.* (see {@link MultiHeadAttention}), PREFIX.hidden (the block's output).
 */
public final class TransformerBlock implements Layer {
    private final Backend be;
    private final int width;
    private final LayerNorm ln1, ln2;
    private final MultiHeadAttention attn;
    private final Dense fc, proj;
    private final Dropout drop1, drop2;
    private final List<Param> params = new ArrayList<>();
    private Tensor h, out, dh, dx;
    private SharedBuffers shared;

    public TransformerBlock(Backend be, int width, int heads, int ff, boolean causal, float dropout, int depth, Random rnd) {
        if (ff <= 0) throw new IllegalArgumentException("transformer ff must be a positive whole number, got " + ff);
        this.be = be;
        this.width = width;
        ln1 = new LayerNorm(be, width, 1e-5f);
        attn = new MultiHeadAttention(be, width, width, heads, causal, dropout, MultiHeadAttention.Naming.NANOGPT, rnd);
        ln2 = new LayerNorm(be, width, 1e-5f);
        fc = new Dense(be, width, ff, Activation.GELU, false, rnd);
        proj = new Dense(be, ff, width, Activation.NONE, false, rnd);
        drop1 = new Dropout(be, width, dropout, rnd);
        drop2 = new Dropout(be, width, dropout, rnd);
        float std = 0.02f, resid = (float) (0.02 / Math.sqrt(2.0 * Math.max(1, depth)));
        attn.initGpt(std, resid, rnd);
        Init.normal(fc.weight().value(), std, rnd);
        Init.normal(proj.weight().value(), resid, rnd);
        be.fill(fc.bias().value(), 0);
        be.fill(proj.bias().value(), 0);
        add("ln_1", ln1.params());
        add("attn", attn.params());
        add("ln_2", ln2.params());
        add("mlp.c_fc", fc.params());
        add("mlp.c_proj", proj.params());
    }

    private void add(String prefix, List<Param> ps) { for (Param p : ps) params.add(p.prefixed(prefix)); }

    /** Padding mask for the attention (null: none); see {@link MultiHeadAttention#keyLengths}. */
    public void keyLengths(int[] lengths) { attn.keyLengths(lengths); }

    @Override public void lengths(int[] lengths) { attn.lengths(lengths); }

    /** Attention-weight dropout, then the dropouts after the attention and after the MLP. */
    @Override public List<DropoutSite> dropoutSites() {
        List<DropoutSite> out = new ArrayList<>(attn.dropoutSites());
        out.addAll(drop1.dropoutSites());
        out.addAll(drop2.dropoutSites());
        return out;
    }

    public MultiHeadAttention attention() { return attn; }

    /** The MLP's hidden width. */
    public int ff() { return fc.outputWidth(); }

    /** The dropout rate after the attention and after the MLP (the attention weights' too). */
    public float dropout() { return drop1.p(); }

    @Override public int inputWidth() { return width; }

    @Override public int outputWidth() { return width; }

    @Override public List<Param> params() { return params; }

    /**
     * The blocks of a model share their transient buffers (see {@link SharedBuffers}): every gradient but the dx this
     * block returns, and the attention's intermediates that no backward reads. Within a block each sublayer's
     * returned gradient is consumed by the next one back before any other block runs, so sharing those is safe.
     */
    @Override public void shareBuffers(SharedBuffers ws) {
        shared = ws;
        h = null;
        attn.shareBuffers(ws, "attn.");
        ln1.shareGradient(ws, "ln_1.dx");
        ln2.shareGradient(ws, "ln_2.dx");
        fc.shareGradients(ws, "mlp.c_fc.");
        proj.shareGradients(ws, "mlp.c_proj.");
    }

    @Override public Tensor forward(Tensor x, boolean training) {
        if (x.cols() != width) throw new IllegalArgumentException("transformer block expects width " + width + ", got " + x.shape());
        if (h == null || !h.shape().equals(x.shape())) {
            h = be.alloc(x.shape());
            out = be.alloc(x.shape());
            dh = shared == null ? be.alloc(x.shape()) : shared.get("block.dh", x.shape());
            dx = be.alloc(x.shape());
        }
        Tensor a = drop1.forward(attn.forward(ln1.forward(x, training), training), training);
        be.add(x, a, h);                                                       // h = x + attn
        Tensor m = drop2.forward(proj.forward(fc.forward(ln2.forward(h, training), training), training), training);
        be.add(h, m, out);                                                     // out = h + mlp
        return out;
    }

    @Override public Tensor backward(Tensor dy) {
        Tensor dm = ln2.backward(fc.backward(proj.backward(drop2.backward(dy))));
        be.add(dy, dm, dh);                                                    // dh = dy + d(mlp branch)
        Tensor da = ln1.backward(attn.backward(drop1.backward(dh)));
        be.add(dh, da, dx);
        return dx;
    }

    @Override public void record(Trace trace, String prefix) {
        attn.record(trace, prefix);
        if (out != null) trace.put(prefix + ".hidden", out);
    }
}
