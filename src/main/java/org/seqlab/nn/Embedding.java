package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/**
 * Token ids to learned vectors, PyTorch's nn.Embedding: weight (vocabulary, dim), initialised N(0, 1) by default,
 * or N(0, std) (GPT-2 and nanoGPT use 0.02 for a transformer's token embedding).
 */
public final class Embedding implements InputLayer {
    private final Backend be;
    private final Param weight;
    private final int vocab, dim;
    private final boolean frozen;
    private Tensor out;
    private int[] ids;
    private int off;

    public Embedding(Backend be, int vocab, int dim, boolean frozen, Random rnd) {
        this(be, vocab, dim, frozen, 1f, rnd);
    }

    public Embedding(Backend be, int vocab, int dim, boolean frozen, float std, Random rnd) {
        this.be = be;
        this.vocab = vocab;
        this.dim = dim;
        this.frozen = frozen;
        weight = new Param("weight", be.alloc(vocab, dim), be.alloc(vocab, dim));
        Init.normal(weight.value(), std, rnd);
    }

    @Override public int vocabulary() { return vocab; }

    @Override public int outputWidth() { return dim; }

    /** A frozen embedding (pre-trained vectors) has no trainable parameters. */
    @Override public List<Param> params() { return frozen ? List.of() : List.of(weight); }

    /** A frozen table is still the model's state: checkpoints keep it. */
    @Override public List<Param> buffers() { return frozen ? List.of(weight) : List.of(); }

    public Param weight() { return weight; }

    public boolean frozen() { return frozen; }

    @Override public Tensor forward(int[] ids, int off, int steps, int batch) {
        if (out == null || out.shape().dim(0) != steps || out.shape().dim(1) != batch) out = be.alloc(steps, batch, dim);
        this.ids = ids;
        this.off = off;
        be.gather(weight.value(), ids, off, out);
        return out;
    }

    @Override public void backward(Tensor dy) {
        if (!frozen) be.scatterAdd(dy, ids, off, weight.grad());
    }

    @Override public void record(Trace trace, String prefix) {
        if (out != null) trace.put(prefix + ".embedding", out);
    }
}
