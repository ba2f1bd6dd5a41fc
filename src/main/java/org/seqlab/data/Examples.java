package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One split of an {@link ExampleSet}: separate examples, each an input sequence (token ids, or
 * {@code featureSize} floats per step) and a target whose form follows the data set's kind:
 * per-position token ids with -1 for "no target" (next-token, sequence labelling), a class id
 * (classification), a value (regression) or a target token sequence (seq2seq, without
 * {@code <bos>}/{@code <eos>}; the batcher adds them).
 */
public final class Examples {

    private final List<int[]> inputs = new ArrayList<>();
    private final List<float[]> features = new ArrayList<>();
    private final List<int[]> sequences = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final List<Float> values = new ArrayList<>();
    private final int featureSize;

    /** An empty split; {@code featureSize} 0 means token inputs. */
    public Examples(int featureSize) {
        this.featureSize = featureSize;
    }

    /** Adds a token-input example; {@code sequence} is the per-position or seq2seq target (may be null). */
    public void add(int[] input, int[] sequence, int label, float value) {
        if (featureSize != 0) {
            throw new IllegalStateException("this split holds feature inputs");
        }
        inputs.add(input);
        sequences.add(sequence);
        labels.add(label);
        values.add(value);
    }

    /** Adds a feature-input example: {@code steps * featureSize} floats, row-major (step, feature). */
    public void addFeatures(float[] input, int[] sequence, int label, float value) {
        if (featureSize == 0 || input.length % featureSize != 0) {
            throw new IllegalStateException("feature input of " + input.length + " floats, feature size " + featureSize);
        }
        features.add(input);
        sequences.add(sequence);
        labels.add(label);
        values.add(value);
    }

    public int size() {
        return labels.size();
    }

    /** 0 for token inputs, else floats per step. */
    public int featureSize() {
        return featureSize;
    }

    /** Steps in example {@code i}'s input. */
    public int length(int i) {
        return featureSize == 0 ? inputs.get(i).length : features.get(i).length / featureSize;
    }

    public int[] input(int i) {
        return inputs.get(i);
    }

    public float[] features(int i) {
        return features.get(i);
    }

    /** Per-position targets (same length as the input) or the seq2seq target sequence; null for other kinds. */
    public int[] targets(int i) {
        return sequences.get(i);
    }

    /** Class id, or -1 when not a classification example. */
    public int label(int i) {
        return labels.get(i);
    }

    public float value(int i) {
        return values.get(i);
    }

    /** The longest input, in steps. */
    public int maxLength() {
        int max = 0;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, length(i));
        }
        return max;
    }

    /** The longest seq2seq target sequence (0 when there are none). */
    public int maxTargetLength() {
        int max = 0;
        for (int[] s : sequences) {
            max = Math.max(max, s == null ? 0 : s.length);
        }
        return max;
    }
}
