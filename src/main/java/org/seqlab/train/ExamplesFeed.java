package org.seqlab.train;

import org.seqlab.data.ExampleBatch;
import org.seqlab.data.ExampleBatcher;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Split;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;

/**
 * Training batches of an example set (classification, labelling, regression, next-token examples): shuffled by
 * the run's seed, each batch from a zero state through {@link ExampleFeed}, which turns a padded batch into the
 * model's input and targets.
 */
final class ExamplesFeed implements Trainer.Feed {
    private final TrainState st;
    private final Model m;
    private final ExampleSet set;
    private final TrainConfig cfg;
    private final ExampleBatcher eb;
    private final ExampleBatch b;
    private final ExampleFeed input;
    private final long total;

    ExamplesFeed(TrainState st, ExampleSet set, TrainConfig cfg) {
        this.st = st;
        m = st.model();
        this.set = set;
        this.cfg = cfg;
        eb = new ExampleBatcher(set, Split.TRAIN, cfg.batch(), true, cfg.seed(), false);
        String key = set.name() + " batch=" + cfg.batch() + " seed=" + cfg.seed();
        if (key.equals(st.batcherKey())) eb.seek(st.batcherStep());
        else st.setBatcher(key, 0);
        b = eb.newBatch();
        input = new ExampleFeed(m, st.kind(), st.outputKind());
        total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * eb.batchesPerEpoch();
    }

    @Override public long total() { return total; }

    @Override public double forward(long k, long[] tokens) {
        eb.next(b);
        Targets tg = input.forward(b, true);
        m.zeroGrad();
        tokens[0] = (long) b.size * b.time;
        return m.loss(tg, true);
    }

    @Override public int epoch() { return eb.index() == 0 ? eb.epoch() : eb.epoch() + 1; }

    @Override public boolean epochEnded() { return eb.index() == 0; }

    @Override public Trainer.Mark mark() { return new Trainer.Mark(eb.step(), 0); }

    @Override public void reset(Trainer.Mark mark) { eb.seek(mark.position()); }

    @Override public Trainer.Scored validate(int limit) {
        Metrics v = Evaluator.evaluate(m, st.kind(), st.outputKind(), set, Split.VALIDATION, cfg.batch(), cfg.seq(), limit);
        return new Trainer.Scored(v.loss(), v.accuracy(), v.batches(), v.splitBatches());
    }
}
