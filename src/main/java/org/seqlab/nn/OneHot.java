package org.seqlab.nn;

import java.util.List;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Token ids to one-hot vectors of the vocabulary's width; no parameters. */
public final class OneHot implements InputLayer {
    private final Backend be;
    private final int vocab;
    private Tensor out;

    public OneHot(Backend be, int vocab) {
        this.be = be;
        this.vocab = vocab;
    }

    @Override public int vocabulary() { return vocab; }

    @Override public int outputWidth() { return vocab; }

    @Override public List<Param> params() { return List.of(); }

    @Override public Tensor forward(int[] ids, int off, int steps, int batch) {
        if (out == null || out.shape().dim(0) != steps || out.shape().dim(1) != batch) out = be.alloc(steps, batch, vocab);
        be.oneHot(ids, off, out);
        return out;
    }

    @Override public void backward(Tensor dy) {}
}
