package org.seqlab.nn;

import java.util.List;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.tensor.Tensor;

/** Inverted dropout: in training each element is zeroed with probability p and the rest scaled by 1/(1-p). */
public final class Dropout implements Layer {
    private final Backend be;
    private final int width;
    private final DropoutSite site;
    private Tensor mask, y;
    private boolean active;

    public Dropout(Backend be, int width, float p, Random rnd) {
        this.be = be;
        this.width = width;
        this.site = new DropoutSite(p, rnd.nextLong());
    }

    @Override public int inputWidth() { return width; }

    @Override public int outputWidth() { return width; }

    @Override public List<Param> params() { return List.of(); }

    /** The probability of dropping an element in training, as built. */
    public float p() { return site.builtRate(); }

    @Override public List<DropoutSite> dropoutSites() { return List.of(site); }

    @Override public Tensor forward(Tensor x, boolean training) {
        float p = site.rate();
        active = training && p > 0;
        if (!active) return x;
        if (mask == null || !mask.shape().equals(x.shape())) {
            mask = be.alloc(x.shape());
            y = be.alloc(x.shape());
        }
        be.dropoutMask(mask, p, site.seeds().nextLong());
        be.mul(x, mask, y);
        return y;
    }

    @Override public Tensor backward(Tensor dy) {
        if (!active) return dy;
        be.mul(dy, mask, y);
        return y;
    }
}
