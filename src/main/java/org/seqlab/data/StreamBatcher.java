package org.seqlab.data;

/**
 * Batches for a next-token corpus in the char-rnn / torch-rnn scheme. The split is cut into
 * {@code batch} contiguous rows of {@code rowLength = (N-1)/batch} tokens each (the tail is dropped);
 * batch k of an epoch holds, in row b, tokens [b*rowLength + k*seq, +seq) as inputs and the
 * same window shifted by one as targets. Row b of batch k therefore continues exactly where row b
 * of batch k-1 ended, so the trainer may carry recurrent state from batch to batch within an epoch.
 * Deterministic: no shuffling. Fills caller-owned buffers; allocates nothing per batch.
 */
public final class StreamBatcher {

    private final TokenStream stream;
    private final int batch;
    private final int seq;
    private final int rowLength;
    private final int batchesPerEpoch;
    private int epoch;
    private int index;

    public StreamBatcher(TokenStream stream, int batch, int seq) {
        if (batch < 1 || seq < 1) {
            throw new DataException("batch=" + batch + " and seq=" + seq + " must both be at least 1");
        }
        this.stream = stream;
        this.batch = batch;
        this.seq = seq;
        this.rowLength = Math.max(0, (stream.length() - 1) / batch);
        this.batchesPerEpoch = rowLength / seq;
        if (batchesPerEpoch == 0) {
            throw new DataException(String.format(
                    "the split has %,d tokens, too few for one batch of batch=%d seq=%d (needs %,d)",
                    stream.length(), batch, seq, (long) batch * seq + 1),
                    "use a smaller batch or seq, or a larger split");
        }
    }

    /**
     * A batcher over {@code stream} with at most {@code batch} rows and {@code seq} steps, smaller where
     * the stream is too short for them (validation splits of small corpora): rows shrink first, then steps.
     */
    public static StreamBatcher fitting(TokenStream stream, int batch, int seq) {
        if (stream.length() < 2) {
            throw new DataException("the split has " + stream.length() + " tokens; at least 2 are needed");
        }
        int s = Math.min(seq, stream.length() - 1);
        int b = Math.max(1, Math.min(batch, (stream.length() - 1) / s));
        return new StreamBatcher(stream, b, s);
    }

    /**
     * Fills {@code inputs} and {@code targets}, each (batch, seq) row-major (row b at offset b*seq),
     * with the next batch. Returns true when this batch is the first of an epoch: rows jump back to
     * their starts, so carried recurrent state should be reset.
     */
    public boolean next(int[] inputs, int[] targets) {
        if (inputs.length < batch * seq || targets.length < batch * seq) {
            throw new IllegalArgumentException("buffers need " + batch * seq + " ints");
        }
        boolean first = index == 0;
        for (int b = 0; b < batch; b++) {
            int start = b * rowLength + index * seq;
            stream.copy(start, inputs, b * seq, seq);
            stream.copy(start + 1, targets, b * seq, seq);
        }
        if (++index == batchesPerEpoch) {
            index = 0;
            epoch++;
        }
        return first;
    }

    /** Epochs completed so far. */
    public int epoch() {
        return epoch;
    }

    /** The index within its epoch of the batch {@link #next} will give. */
    public int index() {
        return index;
    }

    /** Batches given so far, over all epochs. */
    public long step() {
        return (long) epoch * batchesPerEpoch + index;
    }

    /** Continues as if {@code step} batches had been given (restoring from a checkpoint). */
    public void seek(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step " + step);
        }
        epoch = (int) (step / batchesPerEpoch);
        index = (int) (step % batchesPerEpoch);
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int batch() {
        return batch;
    }

    public int seq() {
        return seq;
    }

    /** Tokens in each of the {@code batch} rows. */
    public int rowLength() {
        return rowLength;
    }

    /** Input tokens per epoch: batch * seq * batchesPerEpoch. */
    public long tokensPerEpoch() {
        return (long) batch * seq * batchesPerEpoch;
    }
}
