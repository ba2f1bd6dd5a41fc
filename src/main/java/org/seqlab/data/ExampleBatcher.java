package org.seqlab.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batches of examples in an order shuffled per epoch from a seed (epoch e's order depends only on
 * the seed and e, so a run restored with {@link #seek} continues identically); validation batches
 * keep the split's order. The last batch of an epoch may be short ({@link ExampleBatch#size}).
 */
public final class ExampleBatcher {

    private final Examples examples;
    private final DataKind kind;
    private final int batch;
    private final boolean shuffle;
    private final long seed;
    private final boolean padToMax;
    private final int padId;
    private final int bosId;
    private final int eosId;
    private final int maxTime;
    private final int maxTargetTime;
    private final int batchesPerEpoch;
    private final int[] order;
    private int epoch;
    private int index;

    /**
     * @param padToMax pad every batch to the split's longest input (fixed T) instead of the batch's longest
     */
    public ExampleBatcher(ExampleSet set, Split split, int batch, boolean shuffle, long seed, boolean padToMax) {
        if (batch < 1) {
            throw new DataException("batch=" + batch + " must be at least 1");
        }
        this.examples = set.examples(split);
        if (examples.size() == 0) {
            throw new DataException("the " + split.name().toLowerCase() + " split of " + set.name() + " is empty");
        }
        this.kind = set.kind();
        this.batch = batch;
        this.shuffle = shuffle;
        this.seed = seed;
        this.padToMax = padToMax;
        Vocabulary v = set.vocabulary();
        this.padId = v == null || v.padId() < 0 ? 0 : v.padId();
        this.bosId = v == null ? -1 : v.bosId();
        this.eosId = v == null ? -1 : v.eosId();
        this.maxTime = examples.maxLength();
        this.maxTargetTime = kind == DataKind.SEQ2SEQ ? examples.maxTargetLength() + 1 : 0;
        this.batchesPerEpoch = (examples.size() + batch - 1) / batch;
        this.order = new int[examples.size()];
        arrange();
    }

    /** Buffers big enough for any batch of this batcher. */
    public ExampleBatch newBatch() {
        return new ExampleBatch(batch, maxTime, examples.featureSize(), maxTargetTime);
    }

    /** Fills {@code b} with the next batch; true when it is the first batch of an epoch. */
    public boolean next(ExampleBatch b) {
        boolean first = index == 0;
        int start = index * batch;
        int n = Math.min(batch, examples.size() - start);
        int time = padToMax ? maxTime : 0;
        int targetTime = padToMax ? maxTargetTime : 0;
        for (int r = 0; r < n; r++) {
            int e = order[start + r];
            time = Math.max(time, examples.length(e));
            if (kind == DataKind.SEQ2SEQ) {
                targetTime = Math.max(targetTime, examples.targets(e).length + 1);
            }
        }
        b.size = n;
        b.time = time;
        b.targetTime = targetTime;
        int d = examples.featureSize();
        Arrays.fill(b.inputs, 0, batch * time, padId);
        Arrays.fill(b.mask, 0, batch * time, 0f);
        Arrays.fill(b.targets, 0, batch * time, -1);
        if (b.features != null) {
            Arrays.fill(b.features, 0, batch * time * d, 0f);
        }
        Arrays.fill(b.lengths, 0);
        Arrays.fill(b.labels, -1);
        Arrays.fill(b.values, 0f);
        Arrays.fill(b.targetLengths, 0);
        Arrays.fill(b.decoderInputs, 0, batch * targetTime, padId);
        Arrays.fill(b.decoderTargets, 0, batch * targetTime, -1);
        for (int r = 0; r < n; r++) {
            int e = order[start + r];
            int len = examples.length(e);
            b.lengths[r] = len;
            if (d == 0) {
                System.arraycopy(examples.input(e), 0, b.inputs, r * time, len);
            } else {
                System.arraycopy(examples.features(e), 0, b.features, r * time * d, len * d);
            }
            Arrays.fill(b.mask, r * time, r * time + len, 1f);
            b.labels[r] = examples.label(e);
            b.values[r] = examples.value(e);
            int[] t = examples.targets(e);
            if (kind == DataKind.SEQ2SEQ) {
                int off = r * targetTime;
                b.decoderInputs[off] = bosId;
                System.arraycopy(t, 0, b.decoderInputs, off + 1, t.length);
                System.arraycopy(t, 0, b.decoderTargets, off, t.length);
                b.decoderTargets[off + t.length] = eosId;
                b.targetLengths[r] = t.length + 1;
            } else if (t != null) {
                System.arraycopy(t, 0, b.targets, r * time, len);
            }
        }
        if (++index == batchesPerEpoch) {
            index = 0;
            epoch++;
            arrange();
        }
        return first;
    }

    private void arrange() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
    }

    /** Continues as if {@code step} batches had been given (restoring from a checkpoint). */
    public void seek(long step) {
        epoch = (int) (step / batchesPerEpoch);
        index = (int) (step % batchesPerEpoch);
        arrange();
    }

    public int epoch() {
        return epoch;
    }

    public int index() {
        return index;
    }

    public long step() {
        return (long) epoch * batchesPerEpoch + index;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int batch() {
        return batch;
    }

    /** The split's longest input: the largest {@link ExampleBatch#time}. */
    public int maxTime() {
        return maxTime;
    }

    public int maxTargetTime() {
        return maxTargetTime;
    }
}
