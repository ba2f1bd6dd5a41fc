package org.seqlab.train;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleSet;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.Model;
import org.seqlab.nn.Trainable;
import org.seqlab.train.optim.GradClip;
import org.seqlab.train.optim.Optimizer;

/**
 * One {@code train} run, for every model kind: one loop over a {@link Feed} of the data's kind. Corpora train by
 * truncated BPTT in the char-rnn scheme ({@link StreamFeed}: B contiguous streams, state carried from batch to
 * batch, reset when an epoch starts over); example sets batch by batch from a zero state ({@link ExamplesFeed}:
 * classification, labelling, regression, by the data's kind and the output's loss); a masked corpus
 * ({@code objective=masked}) by {@link MaskedFeed}; an encoder-decoder on seq2seq pairs by {@link Seq2SeqFeed}.
 *
 * <p>The rules of a step are written here once: the learning-rate schedule, a NaN or infinite loss or gradient
 * norm ends the run, clipping by global norm, validation every {@link TrainConfig#validationInterval} steps, at
 * each epoch's end and at the run's end, on at most {@link TrainConfig#validationBatches} batches, the {@code log=} file, the history, and between steps the stop flag (Ctrl-C, {@code :stop})
 * and the hook ({@code every}/{@code when} rules), keeping a carried state around both. A non-finite loss or
 * gradient means the update before it wrecked the weights even though its own loss and gradient were finite:
 * the run goes back to the last weights whose loss and gradient were finite ({@link LastGood}) and says which step
 * they are from.
 */
public final class Trainer {

    /** How a run ended. */
    public enum End { DONE, INTERRUPTED, RULE, NOT_FINITE }

    public record Result(End end, long steps, String message, StepReport last) {
    }

    /** Called after every step with the report; returns true to stop the run (a {@code when ...: stop} rule). */
    public interface Hook {
        boolean afterStep(StepReport r);

        Hook NONE = r -> false;
    }

    /** Where a feed stands: batches given, and the teacher-forcing coin's state (seq2seq; 0 elsewhere). */
    record Mark(long position, long coin) {
    }

    /** A validation's loss and accuracy (NaN where not meaningful), from {@code batches} of the split's {@code of}. */
    record Scored(double loss, double accuracy, int batches, int of) {
    }

    /** A source of training batches of one kind, and the validation that goes with it. */
    interface Feed {
        long total();

        /**
         * The next batch through the forward pass and the loss with its gradient (parameters' gradients zeroed);
         * returns the loss and sets tokens[0] to the targets read. {@code k} is the step within the run, 0-based.
         */
        double forward(long k, long[] tokens);

        /** Back-propagates the last forward's loss into the parameters' gradients. */
        default void backward(Trainable net) {
            net.backward();
        }

        /** The run is over: lets go of what the feed holds beyond the model (a data-parallel step's replicas). */
        default void close() {
        }

        /** After the update: what the next batch starts from (a stream carries its final state). */
        default void updated() {
        }

        /** Whether recurrent state is carried from batch to batch (kept around rules and validation). */
        default boolean carries() {
            return false;
        }

        /** Epoch of the step just taken (1-based), and whether it ended one. */
        int epoch();

        boolean epochEnded();

        Mark mark();

        /** Goes back to a mark: the next batch is the one that followed it. */
        void reset(Mark m);

        /** Scores the validation split's first {@code limit} batches (0: all of them). */
        Scored validate(int limit);
    }

    private final TrainState st;
    private final Dataset data;
    private final TrainConfig cfg;
    private final Progress progress;
    private final Hook hook;
    private final AtomicBoolean stop;
    private Forcing forcing = Forcing.TEACHER;

    public Trainer(TrainState st, Dataset data, TrainConfig cfg, Progress progress, Hook hook, AtomicBoolean stop) {
        this.st = st;
        this.data = data;
        this.cfg = cfg;
        this.progress = progress;
        this.hook = hook;
        this.stop = stop;
    }

    /** Teacher forcing of an encoder-decoder's run (default: always the target). Returns this trainer. */
    public Trainer forcing(Forcing f) {
        forcing = f;
        return this;
    }

    private Feed feed() {
        if (st.net() instanceof EncoderDecoder ed) return new Seq2SeqFeed(st, ed, (ExampleSet) data, cfg, forcing);
        if (data instanceof Corpus c) return c.kind() == DataKind.MASKED_TOKEN ? new MaskedFeed(st, c, cfg) : new StreamFeed(st, c, cfg);
        return new ExamplesFeed(st, (ExampleSet) data, cfg);
    }

    public Result run() {
        Trainable net = st.net();
        Optimizer opt = st.optimizerFor(cfg);
        Feed feed = feed();
        long total = feed.total();
        int interval = cfg.validationInterval(total), valLimit = cfg.validationBatches(total);
        LastGood good = new LastGood(net, opt);
        Model carrier = feed.carries() ? st.model() : null;
        RecurrentState carried = carrier == null ? null : RecurrentState.take(carrier);
        // The host copy the next step's carried state is written into (LastGood keeps copies of its own).
        RecurrentState spare = null;
        RunLog log = cfg.log() == null ? null : RunLog.open(Path.of(cfg.log()));
        long start = System.nanoTime(), tokens = 0;
        long held = 0; // nanoseconds at step boundaries (paused, serving inspections, rules): not training time
        long[] stepTokens = new long[1];
        StepReport last = null;
        End end = End.DONE;
        String message = null;
        progress.start(st.net() instanceof EncoderDecoder ? data.name() + " (" + forcing.describe() + ")" : data.name(), total);
        st.setRun(0, total);
        st.setRunForcing(forcing);
        try {
            for (long k = 0; k < total; k++) {
                if (stop.get()) {
                    end = End.INTERRUPTED;
                    message = "stopped at step " + st.step() + "; weights kept";
                    break;
                }
                float lr = Schedule.rate(cfg.schedule(), cfg.lr(), cfg.warmup(), k, total);
                opt.setLearningRate(lr);
                Mark before = feed.mark();
                good.beforeBatch();
                double loss = feed.forward(k, stepTokens);
                double norm = Double.isFinite(loss) ? backward(feed, net, cfg.clip()) : Double.NaN;
                String bad = problem(loss, norm);
                if (bad != null) {
                    end = End.NOT_FINITE;
                    message = bad + " at step " + (st.step() + 1) + "; "
                            + rollBack(feed, before, carrier, carried, good, net, opt, total, stepTokens);
                    break;
                }
                good.take(st.step(), k, before, carried);
                opt.step();
                feed.updated();
                st.setStep(st.step() + 1);
                st.setRun(k + 1, total);
                tokens += stepTokens[0];
                st.setBatcher(st.batcherKey(), feed.mark().position());
                boolean validate = (k + 1) % interval == 0 || feed.epochEnded() || k + 1 == total;
                double val = Double.NaN, acc = Double.NaN;
                int valBatches = 0, splitBatches = 0;
                if (validate) {
                    Scored v = feed.validate(valLimit);
                    val = v.loss();
                    acc = v.accuracy();
                    valBatches = v.batches();
                    splitBatches = v.of();
                    st.setLastValLoss(val);
                }
                double elapsed = (System.nanoTime() - start - held) / 1e9;
                last = new StepReport(st.step(), k + 1, total, feed.epoch(), feed.epochEnded(), loss, val, acc, lr,
                        tokens / Math.max(elapsed, 1e-9), elapsed, valBatches, splitBatches, norm);
                st.history().add(new HistoryPoint(last.step(), last.epoch(), loss, val, lr, norm));
                if (log != null) log.write(last);
                progress.step(last);
                if (carrier != null) {
                    RecurrentState next = RecurrentState.take(carrier, spare);
                    spare = carried;
                    carried = next;
                }
                long boundary = System.nanoTime();
                boolean stopNow = hook.afterStep(last);
                held += System.nanoTime() - boundary;
                if (carrier != null) carried.restore(carrier);
                if (stopNow) {
                    end = End.RULE;
                    message = "stopped by a rule at step " + st.step();
                    break;
                }
            }
        } finally {
            feed.close();
            if (log != null) log.close();
        }
        if (end == End.DONE) message = "done: " + (last == null ? 0 : last.runStep()) + " steps";
        progress.end(last, message);
        return new Result(end, last == null ? 0 : last.runStep(), message, last);
    }

    /**
     * Backward of the feed's last batch (which it may have run on shards), then clipping to a global norm of
     * {@code clip} when it is above 0; returns the gradient norm before clipping (measured either way: a norm that is
     * not finite refuses the update).
     */
    private static double backward(Feed feed, Trainable net, float clip) {
        feed.backward(net);
        return clipped(net, clip);
    }

    /** Clips the gradients to a global norm of {@code clip} when it is above 0; returns the norm before clipping. */
    static double clipped(Trainable net, float clip) {
        return clip > 0 ? GradClip.byNorm(net.backend(), net.params(), clip) : GradClip.norm(net.backend(), net.params());
    }

    /** What refuses a step's update: a loss or a gradient norm that is not finite ("loss became NaN"); null when both are. */
    static String problem(double loss, double norm) {
        if (!Double.isFinite(loss)) return "loss became " + loss;
        if (!Double.isFinite(norm)) return "gradient norm became " + norm;
        return null;
    }

    /**
     * After a non-finite loss or gradient: back to the last weights whose loss and gradient were finite (those
     * before this run's last update), with the step count, optimizer, feed position, carried state and history
     * that go with them: LastGood's copy, then the steps from it to those weights run again (the same batches,
     * rates, masks and carried state, so the same updates). Returns what the message says about the weights.
     */
    private String rollBack(Feed feed, Mark before, Model carrier, RecurrentState carried, LastGood good, Trainable net,
                            Optimizer opt, long total, long[] stepTokens) {
        if (!good.held()) {
            feed.reset(before);
            if (carrier != null) carried.restore(carrier);
            st.setBatcher(st.batcherKey(), before.position());
            return "weights kept as they were before this run (step " + st.step() + ")";
        }
        good.restore();
        feed.reset(good.mark());
        if (carrier != null && good.carried() != null) good.carried().restore(carrier);
        for (long k = good.index(); k < good.latestIndex(); k++) {
            opt.setLearningRate(Schedule.rate(cfg.schedule(), cfg.lr(), cfg.warmup(), k, total));
            feed.forward(k, stepTokens);
            backward(feed, net, cfg.clip());
            opt.step();
            feed.updated();
        }
        long kept = good.latest();
        st.setRun(Math.max(0, st.runStep() - (st.step() - kept)), st.runTotal());
        st.setStep(kept);
        st.setBatcher(st.batcherKey(), feed.mark().position());
        st.history().removeIf(p -> p.step() > kept);
        return "weights kept from step " + kept + ", the last whose loss and gradient were finite";
    }
}
