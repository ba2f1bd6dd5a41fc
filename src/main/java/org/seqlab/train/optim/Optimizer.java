package org.seqlab.train.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Tensor;

/**
 * Updates parameters from their gradients with PyTorch's formulas and defaults. State tensors are named
 * "PARAM.STATE" with PyTorch's state names (exp_avg, exp_avg_sq, momentum_buffer, square_avg) so a
 * checkpoint can store and restore them; the step count is {@link #steps()}.
 */
public abstract class Optimizer {
    protected final Backend be;
    protected final List<Param> params;
    protected float lr;
    protected int steps;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    /** Which parameters weight decay applies to; null: all of them, as torch.optim with one parameter group. */
    private boolean[] decayed;

    protected Optimizer(Backend be, List<Param> params, float lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be non-negative, got " + lr);
        this.be = be;
        this.params = params;
        this.lr = lr;
    }

    /** A zeroed state tensor shaped like p, registered as p.name() + "." + name. */
    protected Tensor stateFor(Param p, String name) {
        Tensor t = be.alloc(p.value().shape());
        state.put(p.name() + "." + name, t);
        return t;
    }

    /** One update of every parameter from its current gradient. */
    public final void step() {
        steps++;
        for (int i = 0; i < params.size(); i++) update(i, params.get(i));
    }

    protected abstract void update(int index, Param p);

    /**
     * Weight decay only for the parameters {@code which} accepts, none for the rest: PyTorch's two parameter
     * groups (nanoGPT's {@code configure_optimizers}) in one optimizer. Returns this optimizer.
     */
    public Optimizer decayOnly(Predicate<Param> which) {
        decayed = new boolean[params.size()];
        for (int i = 0; i < decayed.length; i++) decayed[i] = which.test(params.get(i));
        return this;
    }

    /** The decay rate for parameter {@code index}: {@code rate}, or 0 where {@link #decayOnly} left it out. */
    protected final float decayOf(int index, float rate) {
        return decayed == null || decayed[index] ? rate : 0f;
    }

    public float learningRate() { return lr; }

    /** Schedules change the rate between steps. */
    public void setLearningRate(float lr) { this.lr = lr; }

    public int steps() { return steps; }

    /** For restoring a checkpoint: the number of steps already taken. */
    public void setSteps(int steps) { this.steps = steps; }

    /** The named state tensors (live: write into them to restore a checkpoint). */
    public Map<String, Tensor> state() { return state; }
}
