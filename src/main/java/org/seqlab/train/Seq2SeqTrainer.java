package org.seqlab.train;

import java.util.concurrent.atomic.AtomicBoolean;
import org.seqlab.data.ExampleBatch;
import org.seqlab.data.ExampleBatcher;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.data.Vocabulary;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.SeedStream;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.optim.GradClip;
import org.seqlab.train.optim.Optimizer;

/**
 * One {@code train} run of an encoder-decoder model on a seq2seq example set, shuffled batches.
 *
 * <p>Teacher forcing: with ratio 1 the decoder reads the target shifted right. Below 1 (0 is free running)
 * each decoder input is, with probability 1 - ratio, the model's own greedy choice at the step before: the
 * inputs are found by decoding step by step (no gradient, no dropout), then one teacher-forced pass over those
 * inputs trains it, which computes exactly what the free-running decoder computed (the choice of a token has
 * no gradient in either). Scheduled sampling (Bengio et al. 2015) decays the ratio linearly from 1 at the first
 * step to 0 at the last. Steps past a decoder's inputs need a recurrent decoder, as greedy decoding does.
 */
public final class Seq2SeqTrainer {

    /** Teacher forcing: a fixed ratio in [0, 1], or scheduled (1 decaying to 0 over the run). */
    public record Forcing(double ratio, boolean scheduled) {
        public double at(long k, long total) {
            return scheduled ? Math.max(0, 1 - (double) k / Math.max(1, total - 1)) : ratio;
        }
    }

    private final EncoderDecoder m;
    private final Optimizer opt;
    private final ExampleSet data;
    private final TrainConfig cfg;
    private final Forcing forcing;
    private final Progress progress;
    private final AtomicBoolean stop;
    private final Trainer.Hook hook;

    public Seq2SeqTrainer(EncoderDecoder m, Optimizer opt, ExampleSet data, TrainConfig cfg, Forcing forcing,
                          Progress progress, AtomicBoolean stop) {
        this(m, opt, data, cfg, forcing, progress, Trainer.Hook.NONE, stop);
    }

    /** With {@code hook} called after every step ({@code every}/{@code when} rules); true from it ends the run. */
    public Seq2SeqTrainer(EncoderDecoder m, Optimizer opt, ExampleSet data, TrainConfig cfg, Forcing forcing,
                          Progress progress, Trainer.Hook hook, AtomicBoolean stop) {
        this.hook = hook;
        this.m = m;
        this.opt = opt;
        this.data = data;
        this.cfg = cfg;
        this.forcing = forcing;
        this.progress = progress;
        this.stop = stop;
    }

    /**
     * Runs the configured steps or epochs from {@code st} and moves it along step by step (step count, batcher
     * position, coin), so a run stopped, ended by a rule or by a non-finite loss leaves it matching the weights.
     * Returns the steps taken and the last report.
     */
    public Trainer.Result run(Seq2SeqState st) {
        st.enter(data.name() + " batch=" + cfg.batch(), cfg.seed());
        ExampleBatcher eb = new ExampleBatcher(data, Split.TRAIN, cfg.batch(), true, st.seed(), false);
        eb.seek(st.batcherStep());
        ExampleBatch b = eb.newBatch();
        Seq2SeqBatch s = new Seq2SeqBatch();
        long total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * eb.batchesPerEpoch();
        int interval = cfg.validationInterval(total);
        SeedStream coin = st.coin();
        long stepBefore = st.step();
        long start = System.nanoTime(), tokens = 0;
        StepReport last = null;
        Trainer.End end = Trainer.End.DONE;
        String message = null;
        progress.start(data.name(), total);
        for (long k = 0; k < total; k++) {
            if (stop.get()) {
                end = Trainer.End.INTERRUPTED;
                message = "stopped at step " + (stepBefore + k) + "; weights kept";
                break;
            }
            float lr = Schedule.rate(cfg.schedule(), cfg.lr(), cfg.warmup(), k, total);
            opt.setLearningRate(lr);
            eb.next(b);
            s.fill(b, eb.batch());
            double ratio = forcing.at(k, total);
            long coinBefore = coin.state();
            int[] decIn = ratio >= 1 ? s.decIn : mixedInputs(s, ratio, coin);
            m.forward(s.src, 0, s.time, s.lengths, decIn, 0, s.targetTime, s.batch, true);
            m.zeroGrad();
            double loss = m.loss(Targets.ids(s.decTarget, 0), true);
            if (!Double.isFinite(loss)) {
                coin.setState(coinBefore);
                end = Trainer.End.NOT_FINITE;
                message = "loss became " + loss + " at step " + (stepBefore + k + 1) + "; weights kept from the step before";
                break;
            }
            m.backward();
            if (cfg.clip() > 0) GradClip.byNorm(m.encoder().backend(), m.params(), cfg.clip());
            opt.step();
            st.setStep(stepBefore + k + 1);
            st.setBatcherStep(eb.step());
            tokens += (long) b.size * (b.time + b.targetTime);
            boolean validate = (k + 1) % interval == 0 || k + 1 == total;
            Scores val = validate ? evaluate(m, data, Split.VALIDATION, cfg.batch()) : null;
            double elapsed = (System.nanoTime() - start) / 1e9;
            // val_accuracy of a rule is the exact-sequence accuracy, the number evaluate reports for seq2seq.
            last = new StepReport(stepBefore + k + 1, k + 1, total, eb.epoch() + (eb.index() == 0 ? 0 : 1), eb.index() == 0,
                    loss, val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.exactAccuracy(), lr,
                    tokens / Math.max(elapsed, 1e-9), elapsed);
            progress.step(last);
            if (hook.afterStep(last)) {
                end = Trainer.End.RULE;
                message = "stopped by a rule at step " + last.step();
                break;
            }
        }
        if (end == Trainer.End.DONE) message = "done: " + (last == null ? 0 : last.runStep()) + " steps";
        progress.end(last, message);
        return new Trainer.Result(end, last == null ? 0 : last.runStep(), message, last);
    }

    /** Decoder inputs (U, B) where each step after the first is the target with probability ratio, else the model's choice. */
    private int[] mixedInputs(Seq2SeqBatch s, double ratio, SeedStream coin) {
        int bt = s.batch;
        int[] mixed = new int[s.targetTime * bt], cur = new int[bt];
        System.arraycopy(s.decIn, 0, mixed, 0, bt);
        System.arraycopy(s.decIn, 0, cur, 0, bt);
        m.encode(s.src, 0, s.time, s.lengths, bt, false);
        for (int t = 0; t + 1 < s.targetTime; t++) {
            m.decoder().forward(cur, 0, 1, bt, false);
            int[] pred = argmax(m.decoder().outputLayer().logits(), bt);
            m.decoder().carryState();
            for (int r = 0; r < bt; r++) {
                int next = coin.nextDouble() < ratio ? s.decIn[(t + 1) * bt + r] : pred[r];
                mixed[(t + 1) * bt + r] = next;
                cur[r] = next;
            }
        }
        return mixed;
    }

    private static int[] argmax(Tensor logits, int rows) {
        float[] z = logits.toHost();
        int v = logits.cols();
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < v; j++) if (z[r * v + j] > z[r * v + best]) best = j;
            out[r] = best;
        }
        return out;
    }

    /** Teacher-forced loss and token accuracy, and exact-sequence accuracy of greedy decoding (through {@code <eos>}). */
    public record Scores(long sequences, double loss, double tokenAccuracy, double exactAccuracy) {
        public String format() {
            return String.format(java.util.Locale.ROOT, "loss %.4f, token accuracy %.2f%%, exact-sequence accuracy %.2f%% (%d held-out sequences)%n",
                    loss, 100 * tokenAccuracy, 100 * exactAccuracy, sequences);
        }
    }

    public static Scores evaluate(EncoderDecoder m, ExampleSet data, Split split, int batch) {
        Vocabulary v = data.vocabulary();
        int bos = v.id(Vocabulary.BOS), eos = v.id(Vocabulary.EOS);
        ExampleBatcher eb = new ExampleBatcher(data, split, batch, false, 0, false);
        ExampleBatch b = eb.newBatch();
        Seq2SeqBatch s = new Seq2SeqBatch();
        double lossSum = 0;
        long tokens = 0, rightTokens = 0, seqs = 0, rightSeqs = 0;
        for (int k = 0; k < eb.batchesPerEpoch(); k++) {
            eb.next(b);
            s.fill(b, eb.batch());
            m.forward(s.src, 0, s.time, s.lengths, s.decIn, 0, s.targetTime, s.batch, false);
            int counted = 0;
            for (int i = 0; i < s.batch * s.targetTime; i++) if (s.decTarget[i] >= 0) counted++;
            lossSum += m.loss(Targets.ids(s.decTarget, 0), false) * counted;
            tokens += counted;
            rightTokens += Evaluator.correct(m.decoder().outputLayer().logits(), s.decTarget, s.batch * s.targetTime);
            int[] out = m.greedy(s.src, 0, s.time, s.lengths, s.batch, bos, eos, s.targetTime);
            for (int r = 0; r < b.size; r++) {
                boolean same = true;
                for (int t = 0; t < b.targetLengths[r] && same; t++) same = out[t * s.batch + r] == s.decTarget[t * s.batch + r];
                seqs++;
                if (same) rightSeqs++;
            }
        }
        return new Scores(seqs, tokens == 0 ? Double.NaN : lossSum / tokens, tokens == 0 ? Double.NaN : (double) rightTokens / tokens,
                seqs == 0 ? Double.NaN : (double) rightSeqs / seqs);
    }

    /** Greedy translation of one source sequence; the output stops before {@code <eos>} (at most maxSteps tokens). */
    public static int[] translate(EncoderDecoder m, int[] src, int bos, int eos, int maxSteps) {
        int[] out = m.greedy(src, 0, src.length, new int[] {src.length}, 1, bos, eos, maxSteps);
        int n = 0;
        while (n < out.length && out[n] != eos) n++;
        return java.util.Arrays.copyOf(out, n);
    }
}
