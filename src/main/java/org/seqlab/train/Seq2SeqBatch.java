package org.seqlab.train;

import org.seqlab.data.ExampleBatch;

/**
 * One seq2seq batch, time-major, as {@link org.seqlab.nn.EncoderDecoder} reads it: source (T, B), decoder inputs
 * {@code <bos> y1 .. yn} and targets {@code y1 .. yn <eos>} (U, B), source lengths (B; padding rows of a short batch
 * count as length 1 so attention has a key to look at, their targets are all -1 and weigh nothing), decoder input
 * lengths (B; likewise at least 1).
 */
final class Seq2SeqBatch {
    int batch, time, targetTime;
    int[] src = new int[0], decIn = new int[0], decTarget = new int[0], lengths = new int[0], targetLengths = new int[0];

    void fill(ExampleBatch b, int rows) {
        batch = rows;
        time = b.time;
        targetTime = b.targetTime;
        if (src.length < rows * time) src = new int[rows * time];
        if (decIn.length < rows * targetTime) {
            decIn = new int[rows * targetTime];
            decTarget = new int[rows * targetTime];
        }
        if (lengths.length < rows) {
            lengths = new int[rows];
            targetLengths = new int[rows];
        }
        Batches.timeMajor(b.inputs, src, rows, time);
        Batches.timeMajor(b.decoderInputs, decIn, rows, targetTime);
        Batches.timeMajor(b.decoderTargets, decTarget, rows, targetTime);
        for (int r = 0; r < rows; r++) lengths[r] = Math.max(1, b.lengths[r]);
        for (int r = 0; r < rows; r++) targetLengths[r] = Math.max(1, b.targetLengths[r]);
    }
}
