package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.seqlab.backend.Backend;
import org.seqlab.data.DataKind;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;
import org.seqlab.nn.SeedStream;
import org.seqlab.nn.Trainable;
import org.seqlab.train.optim.Optimizer;

/**
 * Everything a model carries from one {@code train} to the next, for every model kind: weights (in the network),
 * the optimizer and its moments, the step count, where the batcher stands (and, for shuffled seq2seq layouts, the
 * seed of their shuffles and the teacher-forcing coin), and the loss history. A second run on the same data with
 * the same batch layout continues exactly where the first stopped.
 */
public final class TrainState {
    /** Teacher forcing's coin is seeded apart from the shuffles; the value is part of saved runs' history. */
    private static final long COIN_SALT = 0x5EED5EEDL;

    private final Trainable net;
    private final DataKind kind;
    private final LayerSpec.OutputKind output;
    private Optimizer optimizer;
    private String optimizerKey;
    /** The settings the optimizer was made or restored with: what a save records when no train ran since a load. */
    private TrainConfig optimizerConfig;
    private long step;
    private long batcherStep;
    private String batcherKey;
    private long layoutSeed;
    private final SeedStream coin = new SeedStream(0);
    private Long maskSeed;
    private final List<HistoryPoint> history = new ArrayList<>();
    private double lastValLoss = Double.NaN;
    private long runStep, runTotal;
    private Forcing runForcing = Forcing.TEACHER;
    private Function<Backend, Model> replicas;

    /** The state of a network of any kind, learning data of {@code kind} through an output of {@code output}. */
    public TrainState(Trainable net, DataKind kind, LayerSpec.OutputKind output) {
        this.net = net;
        this.kind = kind;
        this.output = output;
    }

    /**
     * This state carried over to {@code grown}, a copy of the network whose parameters are the same or longer ones
     * (a table with rows appended) plus new ones: objective=masked+next_sentence added to a masked model. Step,
     * batcher layout, coin, mask seed and history carry over; the optimizer is made anew with the same settings over
     * the grown parameters, each of its state tensors starting as the old namesake in its leading elements (a grown
     * table's old rows) and zero elsewhere, so new rows and new parameters start as a fresh optimizer's.
     */
    public TrainState carriedTo(Trainable grown) {
        TrainState t = new TrainState(grown, kind, output);
        t.step = step;
        t.batcherStep = batcherStep;
        t.batcherKey = batcherKey;
        t.layoutSeed = layoutSeed;
        t.coin.setState(coin.state());
        t.maskSeed = maskSeed;
        t.history.addAll(history);
        t.lastValLoss = lastValLoss;
        t.runStep = runStep;
        t.runTotal = runTotal;
        t.runForcing = runForcing;
        if (optimizer != null && optimizerConfig != null) {
            Optimizer o = Optimizers.create(grown.backend(), grown.params(), optimizerConfig);
            o.setSteps(optimizer.steps());
            o.setLearningRate(optimizer.learningRate());
            optimizer.state().forEach((name, old) -> {
                org.seqlab.tensor.Tensor now = o.state().get(name);
                if (now == null) throw new IllegalStateException("the grown network has no optimizer state " + name);
                copyLeading(old, now);
            });
            t.setOptimizer(o, optimizerKey, optimizerConfig);
        }
        return t;
    }

    /**
     * Copies {@code from} into the leading elements of {@code to}: the same tensor, or one with more rows (row-major,
     * the same trailing dimensions), whose first rows it fills.
     */
    public static void copyLeading(org.seqlab.tensor.Tensor from, org.seqlab.tensor.Tensor to) {
        org.seqlab.tensor.Shape a = from.shape(), b = to.shape();
        boolean fits = a.rank() == b.rank() && a.rank() > 0 && a.dim(0) <= b.dim(0);
        for (int d = 1; fits && d < a.rank(); d++) fits = a.dim(d) == b.dim(d);
        if (!fits) throw new IllegalArgumentException("a tensor of shape " + a + " does not grow into " + b);
        to.view(0, a).copyFromHost(from.toHost());
    }

    /**
     * Builds another copy of the model's layers on a given backend (its weights are copied in): the replicas a
     * {@link DataParallel} batch runs on. Null (the default): batches run whole.
     */
    public Function<Backend, Model> replicas() { return replicas; }

    public void replicas(Function<Backend, Model> factory) { replicas = factory; }

    /** The network trained, of any kind. */
    public Trainable net() { return net; }

    /** The plain model; null for an encoder-decoder (see {@link #net()}). */
    public Model model() { return net instanceof Model m ? m : null; }

    public DataKind kind() { return kind; }

    public LayerSpec.OutputKind outputKind() { return output; }

    public Optimizer optimizer() { return optimizer; }

    public String optimizerKey() { return optimizerKey; }

    /** The optimizer for this config: the current one when its hyperparameters match, else a new one. */
    public Optimizer optimizerFor(TrainConfig c) {
        String key = Optimizers.key(c);
        if (optimizer == null || !key.equals(optimizerKey)) {
            optimizer = Optimizers.create(net.backend(), net.params(), c);
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

    /** "DATA batch=B seq=T": the layout the batcher position belongs to; null before a run. */
    public String batcherKey() { return batcherKey; }

    public void setBatcher(String key, long pos) {
        batcherKey = key;
        batcherStep = pos;
    }

    /** The seed of a shuffled layout kept across runs (seq2seq), and, salted, of its coin. */
    public long layoutSeed() { return layoutSeed; }

    /** The teacher-forcing coin (live: draws advance it). */
    public SeedStream coin() { return coin; }

    /**
     * Continues the layout {@code key} if it is the current one, else starts it from the batcher's first batch with
     * the run's seed for its shuffles and coin (so a continued or loaded run shuffles as an uninterrupted one would,
     * whatever the seed of the session).
     */
    public void enterLayout(String key, long runSeed) {
        if (key.equals(batcherKey)) return;
        restoreLayout(key, 0, runSeed, new SeedStream(runSeed ^ COIN_SALT).state());
    }

    /** Sets the layout, its position, its seed and the coin (a checkpoint's values). */
    public void restoreLayout(String key, long position, long runSeed, long coinState) {
        batcherKey = key;
        batcherStep = position;
        layoutSeed = runSeed;
        coin.setState(coinState);
    }

    /** The seed of objective=masked's masks for the current batcher layout; null before a masked run. */
    public Long maskSeed() { return maskSeed; }

    public void setMaskSeed(long seed) { maskSeed = seed; }

    public List<HistoryPoint> history() { return history; }

    public double lastValLoss() { return lastValLoss; }

    /** Steps the last (or current) run has taken, 0-based position of its next step; see {@link #runTotal()}. */
    public long runStep() { return runStep; }

    /** Steps the last (or current) run was to take (its schedule's length); 0 before a run. */
    public long runTotal() { return runTotal; }

    /** The teacher forcing of the last (or current) run of an encoder-decoder. */
    public Forcing runForcing() { return runForcing; }

    public void setRunForcing(Forcing f) { runForcing = f; }

    /** Where the run stands in its schedule: {@code step} of {@code total} steps taken. */
    public void setRun(long step, long total) {
        runStep = step;
        runTotal = total;
    }

    public void setLastValLoss(double v) { lastValLoss = v; }
}
