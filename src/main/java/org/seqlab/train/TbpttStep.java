package org.seqlab.train;

import java.util.function.Function;
import org.seqlab.backend.Backend;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;
import org.seqlab.train.optim.GradClip;
import org.seqlab.train.optim.Optimizer;

/**
 * One training step of truncated backprop through time on a token model, outside a {@link Trainer} run (the
 * benchmarks, the backend parity tests): forward over a (T, B) batch from the carried state, loss, then the
 * loop's own clipping and finiteness rule ({@link Trainer#clipped}, {@link Trainer#problem}), the optimizer
 * update, and the final state carried to the next batch of the same B streams. Allocates nothing once the model's
 * buffers exist for (T, B), but for the few tensor views that move a split batch's carried state. A non-finite
 * loss or gradient norm throws before the update (keeping earlier weights to go back to is the {@link Trainer}'s
 * business). Given a factory of replicas, a batch runs as {@link DataParallel} shards, as in a {@code train} run;
 * {@link #close()} then ends their threads.
 */
public final class TbpttStep implements AutoCloseable {
    /** How gradients are clipped before the update. */
    public enum Clip { NONE, NORM, VALUE }

    private final Model model;
    private final Optimizer optimizer;
    private final Clip clip;
    private final float clipAt;
    private final DataParallel parallel;
    private double lastNorm = Double.NaN;

    public TbpttStep(Model model, Optimizer optimizer, Clip clip, float clipAt) {
        this(model, optimizer, clip, clipAt, null);
    }

    /** Steps whose batches run on replicas of the model made by replicas (null: whole) where the backend splits them. */
    public TbpttStep(Model model, Optimizer optimizer, Clip clip, float clipAt, Function<Backend, Model> replicas) {
        this.model = model;
        this.optimizer = optimizer;
        this.clip = clip;
        this.clipAt = clipAt;
        this.parallel = new DataParallel(model, replicas);
    }

    /**
     * Trains on inputs[off + t*B + b] predicting targets[off + t*B + b]; returns the mean loss before the update.
     * @throws ArithmeticException naming the step when the loss or the gradient is NaN or infinite
     */
    public double step(int[] inputs, int[] targets, int off, int steps, int batch) {
        double loss = parallel.forward(inputs, targets, off, steps, batch);
        if (Double.isFinite(loss)) {
            parallel.backward();
            lastNorm = Trainer.clipped(model, clip == Clip.NORM ? clipAt : 0);
        } else {
            lastNorm = Double.NaN;
        }
        String bad = Trainer.problem(loss, lastNorm);
        if (bad != null) throw new ArithmeticException(bad + " at step " + (optimizer.steps() + 1) + "; no update made");
        if (clip == Clip.VALUE) GradClip.byValue(model.backend(), model.params(), clipAt);
        optimizer.step();
        parallel.updated();
        return loss;
    }

    @Override public void close() { parallel.close(); }

    /** Forward and loss only (validation), carrying the state; no gradients. */
    public double evaluate(int[] inputs, int[] targets, int off, int steps, int batch) {
        model.forward(inputs, off, steps, batch, false);
        double loss = model.loss(Targets.ids(targets, off), false);
        model.carryState();
        return loss;
    }

    /** The global gradient norm of the last step (before clipping by norm). */
    public double lastGradientNorm() { return lastNorm; }

    public Model model() { return model; }

    public Optimizer optimizer() { return optimizer; }
}
