package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqlab.backend.Backend;
import org.seqlab.nn.DropoutSite;
import org.seqlab.nn.Param;
import org.seqlab.nn.Trainable;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.optim.Optimizer;

/**
 * The last weights whose loss and gradient were both finite, kept so a diverging run can go back to them.
 * A step's finite loss and gradient say its weights are sound, but its update may still wreck them (a huge
 * learning rate gives finite, enormous weights whose next loss or gradient overflows). Copying the weights and
 * the optimizer's moments before every update costs a pass over three times the parameters each step (40 MB for
 * a 2x512 LSTM), so the loop copies them, with the optimizer's step count, the dropout streams, the feed's position
 * and the carried state, only every {@link #EVERY} steps, into buffers allocated once on the network's backend (a
 * device copy, no host traffic), and notes which step was the last finite one. Going back restores the copy and
 * the loop replays the steps from it to that one: training is deterministic (the same batches, masks and
 * arithmetic, whatever the threads), so the replay gives the very weights the run had there.
 */
final class LastGood {
    /** Steps between copies: a diverging run replays at most EVERY - 1 steps; a copy costs ~1% of a big step. */
    static final int EVERY = 5;

    private final Backend be;
    private final List<Param> params;
    private final Optimizer opt;
    private final List<DropoutSite> sites;
    private final Tensor[] weights;
    private final List<Tensor> moments = new ArrayList<>(), momentCopies = new ArrayList<>();
    private final long[] seeds, seedsBefore;
    private boolean held;
    /** The copy: the model's step count, the run's step index and where the feed stood. */
    private long step, index;
    private int optSteps;
    private Trainer.Mark mark;
    private RecurrentState carried;
    /** The last step whose loss and gradient were finite (its weights are the copy's after a replay), and its index. */
    private long latest, latestIndex;

    LastGood(Trainable net, Optimizer opt) {
        be = net.backend();
        params = net.params();
        this.opt = opt;
        sites = net.dropoutSites();
        weights = new Tensor[params.size()];
        seeds = new long[sites.size()];
        seedsBefore = new long[sites.size()];
    }

    /** Before a batch's forward pass (which draws dropout masks): notes the dropout streams' states. */
    void beforeBatch() {
        for (int i = 0; i < seedsBefore.length; i++) seedsBefore[i] = sites.get(i).seeds().state();
    }

    /**
     * Before the update of the step after {@code step} (run index {@code index}), whose loss and gradient were finite:
     * notes it, and every {@link #EVERY} steps copies the weights of {@code step}, the feed at {@code mark}, the carried
     * state and the dropout streams as {@link #beforeBatch()} found them, i.e. everything as it was before that batch.
     */
    void take(long step, long index, Trainer.Mark mark, RecurrentState carried) {
        latest = step;
        latestIndex = index;
        if (held && index - this.index < EVERY) return;
        for (int i = 0; i < weights.length; i++) {
            Tensor v = params.get(i).value();
            if (weights[i] == null) weights[i] = be.alloc(v.shape());
            be.copy(v, weights[i]);
        }
        if (moments.size() != opt.state().size()) {
            moments.clear();
            momentCopies.clear();
            for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
                moments.add(e.getValue());
                momentCopies.add(be.alloc(e.getValue().shape()));
            }
        }
        for (int i = 0; i < moments.size(); i++) be.copy(moments.get(i), momentCopies.get(i));
        System.arraycopy(seedsBefore, 0, seeds, 0, seeds.length);
        optSteps = opt.steps();
        this.step = step;
        this.index = index;
        this.mark = mark;
        this.carried = carried == null ? null : carried.copy();
        held = true;
    }

    /** Whether this run has taken a copy (false before its first update). */
    boolean held() { return held; }

    /** The model's step count of the weights copied. */
    long step() { return step; }

    /** The run's index of the step whose batch follows the copy: the first step a replay runs. */
    long index() { return index; }

    /** The run's index of the step whose batch follows the last finite weights: where a replay stops. */
    long latestIndex() { return latestIndex; }

    /** The model's step count of the last weights whose loss and gradient were finite. */
    long latest() { return latest; }

    /** Where the feed stood before the batch of the step after {@link #step()}. */
    Trainer.Mark mark() { return mark; }

    /** The carried recurrent state that batch started from; null where the feed carries none. */
    RecurrentState carried() { return carried; }

    /** Puts the weights, moments, optimizer step count and dropout streams back. */
    void restore() {
        for (int i = 0; i < weights.length; i++) be.copy(weights[i], params.get(i).value());
        for (int i = 0; i < moments.size(); i++) be.copy(momentCopies.get(i), moments.get(i));
        for (int i = 0; i < seeds.length; i++) sites.get(i).seeds().setState(seeds[i]);
        opt.setSteps(optSteps);
    }
}
