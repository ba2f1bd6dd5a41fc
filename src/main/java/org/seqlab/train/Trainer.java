package org.seqlab.train;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.data.ExampleBatch;
import org.seqlab.data.ExampleBatcher;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.data.StreamBatcher;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;
import org.seqlab.train.optim.GradClip;
import org.seqlab.train.optim.Optimizer;

/**
 * One {@code train} run. Corpora train by truncated BPTT in the char-rnn scheme ({@link TbpttStep}: B
 * contiguous streams, state carried from batch to batch, reset when an epoch starts over); example sets
 * batch by batch from a zero state (classification, labelling, regression, by the data's kind and the
 * output's loss); a masked corpus ({@code objective=masked}) by {@link MaskedFeed}. Validation runs every {@link TrainConfig#validationInterval} steps and at each
 * epoch's end. Between steps the trainer checks the stop flag (Ctrl-C, {@code :stop}) and calls the
 * hook ({@code every}/{@code when} rules), keeping the carried state around both. A NaN or infinite
 * loss or gradient ends the run before the update, so the last good weights stay.
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

    private final TrainState st;
    private final Dataset data;
    private final TrainConfig cfg;
    private final Progress progress;
    private final Hook hook;
    private final AtomicBoolean stop;

    public Trainer(TrainState st, Dataset data, TrainConfig cfg, Progress progress, Hook hook, AtomicBoolean stop) {
        this.st = st;
        this.data = data;
        this.cfg = cfg;
        this.progress = progress;
        this.hook = hook;
        this.stop = stop;
    }

    /** A source of training batches: fills the step's inputs, returns the targets processed. */
    interface Feed {
        long total();

        /** Trains one step; returns the loss. */
        double step(Optimizer opt, long[] tokens);

        /** Epoch of the step just taken (1-based), and whether it ended one. */
        int epoch();

        boolean epochEnded();

        long position();

        /** The global gradient norm of the step just taken, before clipping; NaN where not measured. */
        default double gradNorm() {
            return Double.NaN;
        }
    }

    public Result run() {
        Model m = st.model();
        Optimizer opt = st.optimizerFor(cfg);
        Feed feed = data instanceof Corpus c
                ? (c.kind() == DataKind.MASKED_TOKEN ? new MaskedFeed(st, c, cfg, opt) : corpusFeed(c, opt))
                : exampleFeed((ExampleSet) data);
        long total = feed.total();
        int interval = cfg.validationInterval(total);
        RunLog log = cfg.log() == null ? null : RunLog.open(Path.of(cfg.log()));
        long start = System.nanoTime(), tokens = 0;
        long[] stepTokens = new long[1];
        StepReport last = null;
        End end = End.DONE;
        String message = null;
        progress.start(data.name(), total);
        try {
            for (long k = 0; k < total; k++) {
                if (stop.get()) {
                    end = End.INTERRUPTED;
                    message = "stopped at step " + st.step() + "; weights kept";
                    break;
                }
                float lr = Schedule.rate(cfg.schedule(), cfg.lr(), cfg.warmup(), k, total);
                opt.setLearningRate(lr);
                double loss;
                try {
                    loss = feed.step(opt, stepTokens);
                } catch (ArithmeticException e) {
                    end = End.NOT_FINITE;
                    message = e.getMessage();
                    break;
                }
                st.setStep(st.step() + 1);
                tokens += stepTokens[0];
                st.setBatcher(st.batcherKey(), feed.position());
                boolean validate = (k + 1) % interval == 0 || feed.epochEnded() || k + 1 == total;
                double val = Double.NaN, acc = Double.NaN;
                if (validate) {
                    Metrics v = Evaluator.evaluate(m, st.kind(), st.outputKind(), data, Split.VALIDATION, cfg.batch(), cfg.seq());
                    val = v.loss();
                    acc = v.accuracy();
                    st.setLastValLoss(val);
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                last = new StepReport(st.step(), k + 1, total, feed.epoch(), feed.epochEnded(), loss, val, acc, lr,
                        tokens / Math.max(elapsed, 1e-9), elapsed, feed.gradNorm());
                st.history().add(new HistoryPoint(last.step(), last.epoch(), loss, val, lr, last.gradNorm()));
                if (log != null) log.write(last);
                progress.step(last);
                RecurrentState carried = RecurrentState.take(m);
                boolean stopNow = hook.afterStep(last);
                carried.restore(m);
                if (stopNow) {
                    end = End.RULE;
                    message = "stopped by a rule at step " + st.step();
                    break;
                }
            }
        } finally {
            if (log != null) log.close();
        }
        if (end == End.DONE) message = "done: " + (last == null ? 0 : last.runStep()) + " steps";
        progress.end(last, message);
        return new Result(end, last == null ? 0 : last.runStep(), message, last);
    }

    private Feed corpusFeed(Corpus c, Optimizer opt) {
        Model m = st.model();
        StreamBatcher sb = new StreamBatcher(c.train(), cfg.batch(), cfg.seq());
        String key = c.name() + " batch=" + cfg.batch() + " seq=" + cfg.seq();
        if (key.equals(st.batcherKey())) {
            sb.seek(st.batcherStep());
        } else {
            st.setBatcher(key, 0);
            m.resetState();
        }
        int b = cfg.batch(), t = cfg.seq();
        int[] in = new int[b * t], tg = new int[b * t], tin = new int[b * t], ttg = new int[b * t];
        TbpttStep step = new TbpttStep(m, opt, cfg.clip() > 0 ? TbpttStep.Clip.NORM : TbpttStep.Clip.NONE, cfg.clip());
        long total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * sb.batchesPerEpoch();
        return new Feed() {
            public long total() { return total; }

            public double step(Optimizer o, long[] tokens) {
                long pos = sb.step();
                if (sb.next(in, tg)) {
                    for (var r : m.recurrentLayers()) r.prepareState(b);
                    m.resetState();
                }
                Batches.timeMajor(in, tin, b, t);
                Batches.timeMajor(tg, ttg, b, t);
                tokens[0] = (long) b * t;
                try {
                    return step.step(tin, ttg, 0, t, b);
                } catch (ArithmeticException e) {
                    sb.seek(pos);
                    throw e;
                }
            }

            public int epoch() { return sb.index() == 0 ? sb.epoch() : sb.epoch() + 1; }

            public boolean epochEnded() { return sb.index() == 0; }

            public long position() { return sb.step(); }

            public double gradNorm() { return step.lastGradientNorm(); }
        };
    }

    private Feed exampleFeed(ExampleSet set) {
        Model m = st.model();
        ExampleBatcher eb = new ExampleBatcher(set, Split.TRAIN, cfg.batch(), true, cfg.seed(), false);
        String key = set.name() + " batch=" + cfg.batch() + " seed=" + cfg.seed();
        if (key.equals(st.batcherKey())) eb.seek(st.batcherStep());
        else st.setBatcher(key, 0);
        ExampleBatch b = eb.newBatch();
        ExampleFeed feed = new ExampleFeed(m, st.kind(), st.outputKind());
        long total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * eb.batchesPerEpoch();
        double[] norm = {Double.NaN};
        return new Feed() {
            public long total() { return total; }

            public double gradNorm() { return norm[0]; }

            public double step(Optimizer o, long[] tokens) {
                long pos = eb.step();
                eb.next(b);
                Targets tg = feed.forward(b, true);
                m.zeroGrad();
                double loss = m.loss(tg, true);
                long no = o.steps() + 1;
                if (!Double.isFinite(loss)) {
                    eb.seek(pos);
                    throw new ArithmeticException("loss became " + loss + " at step " + no + "; weights kept from the step before");
                }
                m.backward();
                norm[0] = cfg.clip() > 0 ? GradClip.byNorm(m.backend(), m.params(), cfg.clip()) : GradClip.norm(m.backend(), m.params());
                if (!Double.isFinite(norm[0])) {
                    eb.seek(pos);
                    throw new ArithmeticException("gradient norm became " + norm[0] + " at step " + no + "; weights kept from the step before");
                }
                o.step();
                tokens[0] = (long) b.size * b.time;
                return loss;
            }

            public int epoch() { return eb.index() == 0 ? eb.epoch() : eb.epoch() + 1; }

            public boolean epochEnded() { return eb.index() == 0; }

            public long position() { return eb.step(); }
        };
    }
}
