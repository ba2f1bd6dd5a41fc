package org.seqlab.train;

import org.seqlab.data.ExampleBatch;
import org.seqlab.data.ExampleBatcher;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.nn.EncoderDecoder;
import org.seqlab.nn.SeedStream;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Tensor;

/**
 * Training batches of an encoder-decoder model on a seq2seq example set, shuffled; every batch starts from zero.
 * The layout ("DATA batch=B") keeps the seed of its shuffles and the teacher-forcing coin in the {@link TrainState},
 * so a continued or loaded run goes on exactly as an uninterrupted one would, whatever the session's seed.
 *
 * <p>Teacher forcing: with ratio 1 the decoder reads the target shifted right. Below 1 (0 is free running)
 * each decoder input is, with probability 1 - ratio, the model's own greedy choice at the step before: the
 * inputs are found by decoding step by step (no gradient, no dropout), then one teacher-forced pass over those
 * inputs trains it, which computes exactly what the free-running decoder computed (the choice of a token has
 * no gradient in either). Scheduled sampling (Bengio et al. 2015) decays the ratio linearly from 1 at the first
 * step to 0 at the last. Steps past a decoder's inputs need a recurrent decoder, as greedy decoding does.
 * Validation's accuracy is the exact-sequence accuracy, the number {@code evaluate} reports for seq2seq.
 */
final class Seq2SeqFeed implements Trainer.Feed {
    private final EncoderDecoder m;
    private final ExampleSet data;
    private final TrainConfig cfg;
    private final Forcing forcing;
    private final ExampleBatcher eb;
    private final ExampleBatch b;
    private final Seq2SeqBatch s = new Seq2SeqBatch();
    private final SeedStream coin;
    private final long total;

    Seq2SeqFeed(TrainState st, EncoderDecoder m, ExampleSet data, TrainConfig cfg, Forcing forcing) {
        this.m = m;
        this.data = data;
        this.cfg = cfg;
        this.forcing = forcing;
        st.enterLayout(data.name() + " batch=" + cfg.batch(), cfg.seed());
        eb = new ExampleBatcher(data, Split.TRAIN, cfg.batch(), true, st.layoutSeed(), false);
        eb.seek(st.batcherStep());
        b = eb.newBatch();
        coin = st.coin();
        total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * eb.batchesPerEpoch();
    }

    @Override public long total() { return total; }

    @Override public double forward(long k, long[] tokens) {
        eb.next(b);
        s.fill(b, eb.batch());
        double ratio = forcing.at(k, total);
        int[] decIn = ratio >= 1 ? s.decIn : mixedInputs(ratio);
        m.forward(s.src, 0, s.time, s.lengths, decIn, 0, s.targetTime, s.targetLengths, s.batch, true);
        m.zeroGrad();
        tokens[0] = (long) b.size * (b.time + b.targetTime);
        return m.loss(Targets.ids(s.decTarget, 0), true);
    }

    /** Decoder inputs (U, B) where each step after the first is the target with probability ratio, else the model's choice. */
    private int[] mixedInputs(double ratio) {
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

    @Override public int epoch() { return eb.epoch() + (eb.index() == 0 ? 0 : 1); }

    @Override public boolean epochEnded() { return eb.index() == 0; }

    @Override public Trainer.Mark mark() { return new Trainer.Mark(eb.step(), coin.state()); }

    @Override public void reset(Trainer.Mark mark) {
        eb.seek(mark.position());
        coin.setState(mark.coin());
    }

    @Override public Trainer.Scored validate(int limit) {
        Seq2SeqEval.Scores v = Seq2SeqEval.evaluate(m, data, Split.VALIDATION, cfg.batch(), limit);
        return new Trainer.Scored(v.loss(), v.exactAccuracy(), v.batches(), v.splitBatches());
    }
}
