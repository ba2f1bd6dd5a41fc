package org.seqlab.train;

import org.seqlab.data.Corpus;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.Split;
import org.seqlab.data.StreamBatcher;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;

/**
 * Training batches for {@code objective=masked}: the corpus's consecutive windows of {@code seq} tokens
 * (the same B rows as for next-token training), each batch masked afresh by {@link MaskedLm} from the
 * layout's masking seed and the batch's position, both kept in the {@link TrainState} (and its checkpoint),
 * so a continued or resumed run masks as an uninterrupted one would, whatever the seed of the session. Every window is an independent example: recurrent (bidirectional) layers start each batch
 * from a zero state. The loss counts only the chosen positions (targets are -1 elsewhere).
 */
final class MaskedFeed implements Trainer.Feed {

    private final TrainState st;
    private final Model m;
    private final Corpus c;
    private final TrainConfig cfg;
    private final StreamBatcher sb;
    private final MaskedLm masking;
    private final int b, t;
    private final long total;
    // (B, T) row-major as the batcher fills them, and (T, B) time-major for the model.
    private final int[] in, next, tg, tin, ttg;

    MaskedFeed(TrainState st, Corpus c, TrainConfig cfg) {
        this.st = st;
        m = st.model();
        this.c = c;
        this.cfg = cfg;
        sb = new StreamBatcher(c.train(), cfg.batch(), cfg.seq());
        String key = c.name() + " masked batch=" + cfg.batch() + " seq=" + cfg.seq();
        if (!StreamFeed.resume(sb, st, key) || st.maskSeed() == null) {
            st.setMaskSeed(cfg.seed());
        }
        masking = new MaskedLm(c.vocabulary(), c.maskRate(), st.maskSeed());
        b = cfg.batch();
        t = cfg.seq();
        in = new int[b * t];
        next = new int[b * t];
        tg = new int[b * t];
        tin = new int[b * t];
        ttg = new int[b * t];
        total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * sb.batchesPerEpoch();
    }

    @Override public long total() { return total; }

    @Override public double forward(long k, long[] tokens) {
        long pos = sb.step();
        sb.next(in, next);
        masking.apply(in, tg, b, t, null, pos);
        Batches.timeMajor(in, tin, b, t);
        Batches.timeMajor(tg, ttg, b, t);
        for (var r : m.recurrentLayers()) {
            r.prepareState(b);
            r.resetState();
        }
        tokens[0] = (long) b * t;
        m.forward(tin, 0, t, b, true);
        m.zeroGrad();
        return m.loss(Targets.ids(ttg, 0), true);
    }

    @Override public int epoch() { return sb.index() == 0 ? sb.epoch() : sb.epoch() + 1; }

    @Override public boolean epochEnded() { return sb.index() == 0; }

    @Override public Trainer.Mark mark() { return new Trainer.Mark(sb.step(), 0); }

    @Override public void reset(Trainer.Mark mark) { sb.seek(mark.position()); }

    @Override public Trainer.Scored validate(int limit) {
        Metrics v = Evaluator.evaluate(m, st.kind(), st.outputKind(), c, Split.VALIDATION, cfg.batch(), cfg.seq(), limit);
        return new Trainer.Scored(v.loss(), v.accuracy(), v.batches(), v.splitBatches());
    }
}
