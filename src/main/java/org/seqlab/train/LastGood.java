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
 * learning rate gives finite, enormous weights whose next loss or gradient overflows); so the loop copies the
 * weights, the optimizer's moments and step count, the dropout streams and the feed's position just before every
 * update, into buffers allocated once on the network's backend (a device copy, no host traffic).
 */
final class LastGood {
    private final Backend be;
    private final List<Param> params;
    private final Optimizer opt;
    private final List<DropoutSite> sites;
    private final Tensor[] weights;
    private final List<Tensor> moments = new ArrayList<>(), momentCopies = new ArrayList<>();
    private final long[] seeds, seedsBefore;
    private boolean held;
    private long step;
    private int optSteps;
    private Trainer.Mark mark;
    private RecurrentState carried;

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
     * Before the update of the step after {@code step}: the weights of {@code step}, the feed at {@code mark} and the
     * dropout streams as {@link #beforeBatch()} found them, i.e. everything as it was before that step's batch.
     */
    void take(long step, Trainer.Mark mark, RecurrentState carried) {
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
        this.mark = mark;
        this.carried = carried;
        held = true;
    }

    /** Whether this run has taken a copy (false before its first update). */
    boolean held() { return held; }

    /** The model's step count of the weights kept. */
    long step() { return step; }

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
