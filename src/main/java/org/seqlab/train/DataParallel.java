package org.seqlab.train;

import java.util.List;
import java.util.function.Function;
import org.seqlab.backend.Backend;
import org.seqlab.nn.DropoutSite;
import org.seqlab.nn.Model;
import org.seqlab.nn.Param;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Tensor;

/**
 * The forward, loss and backward of a next-token training batch, run whole or, where the backend splits batches
 * ({@link Backend#shards()} above 1), data parallel: the B streams are cut into that many contiguous groups, and
 * each group runs on a replica of the model (built once by the factory on its own {@link Backend#shardBackend()})
 * on its own thread. Before every batch the replicas take the model's weights; after it the model's gradient is
 * the replicas' gradients weighted by their share of the counted targets: the gradient of the whole batch's mean
 * loss, as the whole batch gives it up to float rounding. Dropout masks stay distinct across shards: each replica's
 * dropout sites draw from a seed the model's own site draws, so a run stays reproducible and LastGood's rollback
 * replays the same masks. The shard count comes from the backend, not the thread count, so a run's numbers are the
 * same on any machine.
 *
 * <p>Recurrent layers' carried state stays the model's: before a split batch each replica takes its streams' rows of
 * the model's initial state, and {@link #updated()} writes their final states back there, so validation, rules,
 * checkpoints and LastGood's rollback see and set the state as they do without shards.
 *
 * <p>Only models whose batch elements do not interact split: a token input, no next-sentence head, a softmax
 * output. Everything else, and batches smaller than the shard count, runs whole. The model itself still serves
 * validation, sampling and inspection; the replicas only train.
 */
public final class DataParallel implements AutoCloseable {
    private final Model model;
    private final Backend be;
    private final Function<Backend, Model> factory;
    private int shards;
    private Model[] replicas;
    private Backend[] backends;
    // Per shard: its streams' inputs and targets, (T, B_i) time-major; its share of the counted targets; its mean loss.
    private int[][] inputs, targets;
    /** Per shard: its first stream and how many it has, in the last split batch. */
    private int[] from, width;
    private final double[] weights, losses;
    private final RuntimeException[] failures;
    /** Whether the last forward ran on the shards (then backward combines their gradients). */
    private boolean split;

    /**
     * Batches of model, split over replicas made by factory (a new copy of model's layers on the given backend;
     * its weights need not match, they are copied in) where the model and backend allow; factory null: always whole.
     */
    public DataParallel(Model model, Function<Backend, Model> factory) {
        this.model = model;
        this.be = model.backend();
        this.factory = factory;
        this.shards = factory != null && splittable(model) ? Math.max(1, be.shards()) : 1;
        weights = new double[shards];
        losses = new double[shards];
        failures = new RuntimeException[shards];
    }

    /**
     * Whether the model's batch elements are independent of each other (a token input, a softmax output, no
     * next-sentence head), so that shards of streams can run apart.
     */
    static boolean splittable(Model m) {
        return m.inputLayer() != null && m.nextSentence() == null && m.outputLayer() instanceof SoftmaxOutput;
    }

    /** How many shards a batch of this size runs on (1: whole). */
    public int shardsFor(int batch) {
        return batch >= shards ? shards : 1;
    }

    /**
     * The batch inputs[off + t*B + b] predicting targets[off + t*B + b] through the forward pass and the loss with its
     * gradient; returns the mean loss over the counted targets. {@link #backward} then leaves the parameters' gradients.
     */
    public double forward(int[] in, int[] tg, int off, int steps, int batch) {
        split = shardsFor(batch) > 1;
        if (!split) {
            model.forward(in, off, steps, batch, true);
            model.zeroGrad();
            return model.loss(Targets.ids(tg, off), true);
        }
        if (replicas == null && !makeReplicas()) return forward(in, tg, off, steps, batch);
        int ignore = ((SoftmaxOutput) model.outputLayer()).ignoreIndex();
        long counted = 0;
        for (int s = 0; s < shards; s++) {
            int first = batch * s / shards, w = batch * (s + 1) / shards - first;
            from[s] = first;
            width[s] = w;
            if (inputs[s] == null || inputs[s].length != steps * w) {
                inputs[s] = new int[steps * w];
                targets[s] = new int[steps * w];
            }
            int n = 0;
            for (int t = 0; t < steps; t++) {
                System.arraycopy(in, off + t * batch + first, inputs[s], t * w, w);
                System.arraycopy(tg, off + t * batch + first, targets[s], t * w, w);
            }
            for (int v : targets[s]) if (v != ignore) n++;
            weights[s] = n;
            counted += n;
        }
        for (int s = 0; s < shards; s++) weights[s] = counted == 0 ? 0 : weights[s] / counted;
        seedDropout();
        for (Recurrent r : model.recurrentLayers()) {
            if (r.initialHidden() == null || r.initialHidden().shape().dim(1) != batch) r.prepareState(batch);
        }
        be.forEachShard(shards, s -> {
            failures[s] = null;
            try {
                Model r = replicas[s];
                List<Param> mine = r.params(), theirs = model.params();
                for (int i = 0; i < mine.size(); i++) backends[s].copy(theirs.get(i).value(), mine.get(i).value());
                moveState(s, true);
                r.forward(inputs[s], 0, steps, width[s], true);
                r.zeroGrad();
                losses[s] = r.loss(Targets.ids(targets[s], 0), true);
                r.backward();
            } catch (RuntimeException e) {
                failures[s] = e;
            }
        });
        for (RuntimeException e : failures) if (e != null) throw e;
        double loss = 0;
        for (int s = 0; s < shards; s++) if (weights[s] > 0) loss += weights[s] * losses[s];
        return loss;
    }

    /**
     * After the update: the final recurrent state becomes the initial state of the next batch of the same streams
     * (what {@link Model#carryState()} does for a whole batch), in the model.
     */
    public void updated() {
        if (!split) {
            model.carryState();
            return;
        }
        if (model.recurrentLayers().isEmpty()) return;
        be.forEachShard(shards, s -> {
            replicas[s].carryState();
            moveState(s, false);
        });
    }

    /** Copies shard s's rows of the model's initial recurrent state into its replica (in) or back (out). */
    private void moveState(int s, boolean in) {
        List<Recurrent> mine = model.recurrentLayers(), theirs = replicas[s].recurrentLayers();
        Backend sb = backends[s];
        for (int i = 0; i < mine.size(); i++) {
            Recurrent m = mine.get(i), r = theirs.get(i);
            if (in) r.prepareState(width[s]);
            moveRows(sb, m.initialHidden(), r.initialHidden(), from[s], width[s], in);
            if (m.initialCell() != null) moveRows(sb, m.initialCell(), r.initialCell(), from[s], width[s], in);
        }
    }

    /** whole (L, B, H) rows [first, first + n) of every slice to part (L, n, H), or back. */
    private static void moveRows(Backend sb, Tensor whole, Tensor part, int first, int n, boolean toPart) {
        for (int l = 0; l < whole.shape().dim(0); l++) {
            Tensor rows = whole.slice(l).range(first, n), mine = part.slice(l);
            if (toPart) sb.copy(rows, mine);
            else sb.copy(mine, rows);
        }
    }

    /** Back-propagates the last forward's loss: the model's parameters' gradients are the whole batch's. */
    public void backward() {
        if (!split) {
            model.backward();
            return;
        }
        List<Param> all = model.params();
        for (int i = 0; i < all.size(); i++) {
            Param p = all.get(i);
            be.copy(replicas[0].params().get(i).grad(), p.grad());
            be.scale(p.grad(), (float) weights[0]);
            for (int s = 1; s < shards; s++) be.axpy((float) weights[s], replicas[s].params().get(i).grad(), p.grad());
        }
    }

    /** Lets the replicas' backends end. */
    @Override public void close() {
        if (backends != null) for (Backend b : backends) b.shutdown();
        replicas = null;
        backends = null;
    }

    /**
     * Builds the replicas; where they would not fit in memory, or the factory fails or builds something else than
     * the model, batches run whole from then on (the same loss and gradients, other rounding) and false is returned.
     */
    private boolean makeReplicas() {
        if (!replicasFit()) {
            shards = 1;
            return false;
        }
        Model[] made = new Model[shards];
        Backend[] own = new Backend[shards];
        try {
            for (int s = 0; s < shards; s++) {
                own[s] = be.shardBackend();
                made[s] = factory.apply(own[s]);
                if (!sameShape(made[s], model)) throw new IllegalStateException("a replica differs from the model");
                List<Param> bufs = made[s].buffers(), mine = model.buffers();
                for (int i = 0; i < bufs.size(); i++) own[s].copy(mine.get(i).value(), bufs.get(i).value());
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            for (Backend b : own) if (b != null) b.shutdown();
            shards = 1;
            return false;
        }
        replicas = made;
        backends = own;
        inputs = new int[shards][];
        targets = new int[shards][];
        from = new int[shards];
        width = new int[shards];
        return true;
    }

    /**
     * Whether the replicas' weights and gradients (4 bytes each, per replica) take at most a quarter of the heap
     * still free: their activations come on top, and the checker admits models up to 0.8 of the heap for one copy.
     */
    private boolean replicasFit() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return 8L * shards * model.parameterCount() <= free / 4;
    }

    /**
     * Whether r is built as m: the same layer kinds in order, output settings, parameters, buffers and dropout sites
     * (by name and shape, in the same order).
     */
    private static boolean sameShape(Model r, Model m) {
        if (r.dropoutSites().size() != m.dropoutSites().size() || r.recurrentLayers().size() != m.recurrentLayers().size()) return false;
        if (r.layers().size() != m.layers().size() || r.inputLayer() == null || r.inputLayer().getClass() != m.inputLayer().getClass()) return false;
        for (int i = 0; i < r.layers().size(); i++) if (r.layers().get(i).getClass() != m.layers().get(i).getClass()) return false;
        if (!(r.outputLayer() instanceof SoftmaxOutput ro) || !(m.outputLayer() instanceof SoftmaxOutput mo)
                || ro.ignoreIndex() != mo.ignoreIndex() || ro.squaredError() != mo.squaredError()) return false;
        return sameShape(r.params(), m.params()) && sameShape(r.buffers(), m.buffers());
    }

    private static boolean sameShape(List<Param> a, List<Param> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name()) || !a.get(i).value().shape().equals(b.get(i).value().shape())) return false;
        }
        return true;
    }

    /** The mean loss shard s had in the last split forward (for tests). */
    double shardLoss(int s) { return losses[s]; }

    /** Each replica's dropout sites at the model's rates, seeded from the model's sites where they drop. */
    private void seedDropout() {
        List<DropoutSite> own = model.dropoutSites();
        for (int s = 0; s < shards; s++) {
            List<DropoutSite> theirs = replicas[s].dropoutSites();
            for (int j = 0; j < own.size(); j++) {
                float p = own.get(j).rate();
                theirs.get(j).override(p);
                if (p > 0) theirs.get(j).seeds().setState(own.get(j).seeds().nextLong());
            }
        }
    }
}
