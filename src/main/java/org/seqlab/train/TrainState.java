package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.data.DataKind;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;
import org.seqlab.train.optim.Optimizer;

/**
 * Everything a model carries from one {@code train} to the next: weights (in the model), the optimizer
 * and its moments, the step count, where the batcher stands, and the loss history. A second run on the
 * same data with the same batch layout continues exactly where the first stopped.
 */
public final class TrainState {
    private final Model model;
    private final DataKind kind;
    private final LayerSpec.OutputKind output;
    private Optimizer optimizer;
    private String optimizerKey;
    /** The settings the optimizer was made or restored with: what a save records when no train ran since a load. */
    private TrainConfig optimizerConfig;
    private long step;
    private long batcherStep;
    private String batcherKey;
    private Long maskSeed;
    private final List<HistoryPoint> history = new ArrayList<>();
    private double lastValLoss = Double.NaN;

    public TrainState(Model model, DataKind kind, LayerSpec.OutputKind output) {
        this.model = model;
        this.kind = kind;
        this.output = output;
    }

    public Model model() { return model; }

    public DataKind kind() { return kind; }

    public LayerSpec.OutputKind outputKind() { return output; }

    public Optimizer optimizer() { return optimizer; }

    public String optimizerKey() { return optimizerKey; }

    /** The optimizer for this config: the current one when its hyperparameters match, else a new one. */
    public Optimizer optimizerFor(TrainConfig c) {
        String key = Optimizers.key(c);
        if (optimizer == null || !key.equals(optimizerKey)) {
            optimizer = Optimizers.create(model, c);
            optimizer.setSteps((int) step);
            optimizerKey = key;
            optimizerConfig = c;
        }
        return optimizer;
    }

    /** Installs a restored optimizer (checkpoint load), made with config c. */
    public void setOptimizer(Optimizer o, String key, TrainConfig c) {
        optimizer = o;
        optimizerKey = key;
        optimizerConfig = c;
    }

    public TrainConfig optimizerConfig() { return optimizerConfig; }

    public long step() { return step; }

    public void setStep(long s) { step = s; }

    /** Batches the training batcher has given; meaningful with {@link #batcherKey()}. */
    public long batcherStep() { return batcherStep; }

    /** "DATA batch=B seq=T": the layout the batcher position belongs to. */
    public String batcherKey() { return batcherKey; }

    public void setBatcher(String key, long pos) {
        batcherKey = key;
        batcherStep = pos;
    }

    /** The seed of objective=masked's masks for the current batcher layout; null before a masked run. */
    public Long maskSeed() { return maskSeed; }

    public void setMaskSeed(long seed) { maskSeed = seed; }

    public List<HistoryPoint> history() { return history; }

    public double lastValLoss() { return lastValLoss; }

    public void setLastValLoss(double v) { lastValLoss = v; }
}
