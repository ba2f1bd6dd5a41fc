package org.seqlab.train;

import org.seqlab.data.Corpus;
import org.seqlab.data.MaskedLm;
import org.seqlab.data.SentencePairs;
import org.seqlab.data.Split;
import org.seqlab.data.StreamBatcher;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;

/**
 * Training batches for {@code objective=masked}: the corpus's consecutive windows of {@code seq} tokens
 * (the same B rows as for next-token training), each batch masked afresh by {@link MaskedLm} from the
 * layout's masking seed and the batch's position, both kept in the {@link TrainState} (and its checkpoint),
 * so a continued or resumed run masks as an uninterrupted one would, whatever the seed of the session. Every window is an independent example: recurrent (bidirectional) layers start each batch
 * from a zero state. The loss counts only the chosen positions (targets are -1 elsewhere). With next-sentence pairs
 * ({@code objective=masked+next_sentence}) each row is instead a pair {@code <cls> A <sep> B <sep>} drawn for the step
 * ({@link SentencePairs}), masked the same way, and the loss is the masked-token loss plus the next-sentence loss.
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
    // objective=masked+next_sentence: the split's sentence pairs, each row's segments, length and label
    private final SentencePairs pairs;
    private final int[] seg, tseg, lengths, labels;

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
        pairs = c.pairs(Split.TRAIN);
        seg = pairs == null ? null : new int[b * t];
        tseg = pairs == null ? null : new int[b * t];
        lengths = pairs == null ? null : new int[b];
        labels = pairs == null ? null : new int[b];
        total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * sb.batchesPerEpoch();
    }

    @Override public long total() { return total; }

    @Override public double forward(long k, long[] tokens) {
        long pos = sb.step();
        sb.next(in, next);
        if (pairs != null) {
            // the batcher still counts the steps and epochs; the rows are sentence pairs drawn for this step
            pairs.fillRandom(in, seg, lengths, labels, b, t, st.maskSeed() ^ PAIR_SALT, pos);
            Batches.timeMajor(seg, tseg, b, t);
        }
        masking.apply(in, tg, b, t, lengths, pos);
        Batches.timeMajor(in, tin, b, t);
        Batches.timeMajor(tg, ttg, b, t);
        for (var r : m.recurrentLayers()) {
            r.prepareState(b);
            r.resetState();
        }
        tokens[0] = (long) b * t;
        m.segments(tseg);
        m.forward(tin, 0, t, b, lengths, true);
        m.zeroGrad();
        double loss = m.loss(Targets.ids(ttg, 0), true);
        if (pairs != null) return loss + m.nextSentence().loss(labels, true);
        return loss;
    }

    /** Pairs and masks draw from the same saved seed, mixed apart. */
    private static final long PAIR_SALT = 0x5EB7E7CEL;

    @Override public int epoch() { return sb.index() == 0 ? sb.epoch() : sb.epoch() + 1; }

    @Override public boolean epochEnded() { return sb.index() == 0; }

    @Override public Trainer.Mark mark() { return new Trainer.Mark(sb.step(), 0); }

    @Override public void reset(Trainer.Mark mark) { sb.seek(mark.position()); }

    @Override public Trainer.Scored validate(int limit) {
        Metrics v = Evaluator.evaluate(m, st.kind(), st.outputKind(), c, Split.VALIDATION, cfg.batch(), cfg.seq(), limit);
        return new Trainer.Scored(v.loss(), v.accuracy(), v.batches(), v.splitBatches());
    }
}
