package org.seqlab.data;

/**
 * Buffers for one batch of examples, allocated once by {@link ExampleBatcher#newBatch} and refilled
 * by {@link ExampleBatcher#next}. All arrays are row-major with the batch's own {@link #time} as the
 * row stride; rows at or past {@link #size} (a short last batch) are padding: length 0, mask 0,
 * targets -1, label -1.
 */
public final class ExampleBatch {

    /** Real examples in this batch (<= the batcher's batch size B). */
    public int size;
    /** Padded input length T of this batch. */
    public int time;
    /** (B, T) input ids, {@code <pad>} after each example's length; unused for feature inputs. */
    public final int[] inputs;
    /** (B, T, D) float inputs, 0 after each example's length; null for token inputs. */
    public final float[] features;
    /** (B) input lengths. */
    public final int[] lengths;
    /** (B, T) 1 at real positions, 0 at padding. */
    public final float[] mask;
    /** (B, T) per-position target ids, -1 where there is nothing to predict (next-token, labelling). */
    public final int[] targets;
    /** (B) class ids (classification). */
    public final int[] labels;
    /** (B) target values (regression). */
    public final float[] values;
    /** Padded decoder length U = longest target + 1 (seq2seq). */
    public int targetTime;
    /** (B, U) decoder inputs: {@code <bos>} y1 .. yn, then {@code <pad>} (seq2seq). */
    public final int[] decoderInputs;
    /** (B, U) decoder targets: y1 .. yn {@code <eos>}, then -1 (seq2seq). */
    public final int[] decoderTargets;
    /** (B) decoder lengths n + 1 (seq2seq). */
    public final int[] targetLengths;

    ExampleBatch(int batch, int maxTime, int featureSize, int maxTargetTime) {
        inputs = new int[batch * maxTime];
        features = featureSize > 0 ? new float[batch * maxTime * featureSize] : null;
        lengths = new int[batch];
        mask = new float[batch * maxTime];
        targets = new int[batch * maxTime];
        labels = new int[batch];
        values = new float[batch];
        decoderInputs = new int[batch * maxTargetTime];
        decoderTargets = new int[batch * maxTargetTime];
        targetLengths = new int[batch];
    }
}
