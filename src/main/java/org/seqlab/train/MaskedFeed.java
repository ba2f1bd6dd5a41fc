package org.seqlab.train;

import org.seqlab.data.Corpus;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.StreamBatcher;
import org.seqlab.nn.Model;
import org.seqlab.train.optim.Optimizer;

/**
 * Training batches for {@code objective=masked}: the corpus's consecutive windows of {@code seq} tokens
 * (the same B rows as for next-token training), each batch masked afresh by {@link MaskedLm} from the
 * layout's masking seed and the batch's position, both kept in the {@link TrainState} (and its checkpoint),
 * so a continued or resumed run masks as an uninterrupted one would, whatever the seed of the session. Every window is an independent example: recurrent (bidirectional) layers start each batch
 * from a zero state. The loss counts only the chosen positions (targets are -1 elsewhere).
 */
final class MaskedFeed implements Trainer.Feed {

    private final Model m;
    private final StreamBatcher sb;
    private final MaskedLm masking;
    private final TbpttStep step;
    private final int b, t;
    private final long total;
    // (B, T) row-major as the batcher fills them, and (T, B) time-major for the model.
    private final int[] in, next, tg, tin, ttg;

    MaskedFeed(TrainState st, Corpus c, TrainConfig cfg, Optimizer opt) {
        m = st.model();
        sb = new StreamBatcher(c.train(), cfg.batch(), cfg.seq());
        String key = c.name() + " masked batch=" + cfg.batch() + " seq=" + cfg.seq();
        if (key.equals(st.batcherKey())) {
            sb.seek(st.batcherStep());
            if (st.maskSeed() == null) st.setMaskSeed(cfg.seed());
        } else {
            st.setBatcher(key, 0);
            st.setMaskSeed(cfg.seed());
        }
        masking = new MaskedLm(c.vocabulary(), c.maskRate(), st.maskSeed());
        step = new TbpttStep(m, opt, cfg.clip() > 0 ? TbpttStep.Clip.NORM : TbpttStep.Clip.NONE, cfg.clip());
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

    @Override public double step(Optimizer o, long[] tokens) {
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
        try {
            return step.step(tin, ttg, 0, t, b);
        } catch (ArithmeticException e) {
            sb.seek(pos);
            throw e;
        }
    }

    @Override public int epoch() { return sb.index() == 0 ? sb.epoch() : sb.epoch() + 1; }

    @Override public boolean epochEnded() { return sb.index() == 0; }

    @Override public long position() { return sb.step(); }

    @Override public double gradNorm() { return step.lastGradientNorm(); }
}
