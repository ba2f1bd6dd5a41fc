package org.seqlab.train;

import org.seqlab.data.Corpus;
import org.seqlab.data.Split;
import org.seqlab.data.StreamBatcher;
import org.seqlab.nn.Model;
import org.seqlab.nn.Trainable;

/**
 * Training batches of a corpus for next-token models, by truncated backprop through time in the char-rnn scheme:
 * B contiguous streams cut into windows of T tokens, the final state of a batch carried to the next batch of the
 * same streams, reset when an epoch starts over. A continued run on the same layout goes on from the batcher's
 * position (kept in the {@link TrainState}); another layout starts afresh.
 */
final class StreamFeed implements Trainer.Feed {
    private final TrainState st;
    private final Model m;
    private final Corpus c;
    private final TrainConfig cfg;
    private final StreamBatcher sb;
    private final int b, t;
    private final long total;
    // (B, T) row-major as the batcher fills them, and (T, B) time-major for the model.
    private final int[] in, tg, tin, ttg;
    private final DataParallel step;

    StreamFeed(TrainState st, Corpus c, TrainConfig cfg) {
        this.st = st;
        m = st.model();
        this.c = c;
        this.cfg = cfg;
        sb = new StreamBatcher(c.train(), cfg.batch(), cfg.seq());
        String key = c.name() + " batch=" + cfg.batch() + " seq=" + cfg.seq();
        if (!resume(sb, st, key)) {
            m.resetState();
        }
        b = cfg.batch();
        t = cfg.seq();
        in = new int[b * t];
        tg = new int[b * t];
        tin = new int[b * t];
        ttg = new int[b * t];
        step = new DataParallel(m, st.replicas());
        total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * sb.batchesPerEpoch();
    }

    /**
     * Seeks sb to where the saved run on the same batching (key) stopped and returns true; for other batching,
     * records key at step 0 in st and returns false.
     */
    static boolean resume(StreamBatcher sb, TrainState st, String key) {
        if (key.equals(st.batcherKey())) {
            sb.seek(st.batcherStep());
            return true;
        }
        st.setBatcher(key, 0);
        return false;
    }

    @Override public long total() { return total; }

    @Override public double forward(long k, long[] tokens) {
        if (sb.next(in, tg)) {
            for (var r : m.recurrentLayers()) r.prepareState(b);
            m.resetState();
        }
        Batches.timeMajor(in, tin, b, t);
        Batches.timeMajor(tg, ttg, b, t);
        tokens[0] = (long) b * t;
        return step.forward(tin, ttg, 0, t, b);
    }

    @Override public void backward(Trainable net) { step.backward(); }

    @Override public void close() { step.close(); }

    @Override public void updated() { step.updated(); }

    @Override public boolean carries() { return true; }

    @Override public int epoch() { return sb.index() == 0 ? sb.epoch() : sb.epoch() + 1; }

    @Override public boolean epochEnded() { return sb.index() == 0; }

    @Override public Trainer.Mark mark() { return new Trainer.Mark(sb.step(), 0); }

    @Override public void reset(Trainer.Mark mark) { sb.seek(mark.position()); }

    @Override public Trainer.Scored validate(int limit) {
        Metrics v = Evaluator.evaluate(m, st.kind(), st.outputKind(), c, Split.VALIDATION, cfg.batch(), cfg.seq(), limit);
        return new Trainer.Scored(v.loss(), v.accuracy(), v.batches(), v.splitBatches());
    }
}
