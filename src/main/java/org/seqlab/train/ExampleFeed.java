package org.seqlab.train;

import org.seqlab.data.DataKind;
import org.seqlab.data.ExampleBatch;
import org.seqlab.nn.LayerSpec;
import org.seqlab.nn.Model;
import org.seqlab.nn.Targets;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

/**
 * Feeds an {@link ExampleBatch} (row-major (B, T), padded) to a model, which wants time-major input:
 * ids[t*B + b] or a (T, B, D) tensor. Only the batch's real rows (size) go in, so a short last batch
 * adds no padding rows to the loss, and with them each row's length, so the model masks the steps past it. Targets follow the data: per-step ids (-1 ignored), a class per
 * sequence, or values (regression, and classification under a sigmoid output).
 */
final class ExampleFeed {
    private final Model model;
    private final DataKind kind;
    private final LayerSpec.OutputKind output;
    private int[] ids = new int[0], targets = new int[0];
    private float[] feats = new float[0];
    private Tensor featTensor, valueTensor;

    ExampleFeed(Model model, DataKind kind, LayerSpec.OutputKind output) {
        this.model = model;
        this.kind = kind;
        this.output = output;
    }

    /** Runs the forward pass from a zero state; returns the targets to score it against. */
    Targets forward(ExampleBatch b, boolean training) {
        int rows = b.size, time = b.time;
        for (var r : model.recurrentLayers()) {
            r.prepareState(rows);
            r.resetState();
        }
        if (b.features == null) {
            ids = grow(ids, rows * time);
            for (int r = 0; r < rows; r++) for (int t = 0; t < time; t++) ids[t * rows + r] = b.inputs[r * time + t];
            model.forward(ids, 0, time, rows, b.lengths, training);
        } else {
            int d = b.features.length / b.inputs.length;
            if (featTensor == null || !featTensor.shape().equals(Shape.of(time, rows, d))) {
                featTensor = model.backend().alloc(Shape.of(time, rows, d));
            }
            if (feats.length < time * rows * d) feats = new float[time * rows * d];
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < time; t++) System.arraycopy(b.features, (r * time + t) * d, feats, (t * rows + r) * d, d);
            }
            featTensor.copyFromHost(feats, 0);
            model.forward(featTensor, b.lengths, training);
        }
        return targets(b, rows, time);
    }

    private Targets targets(ExampleBatch b, int rows, int time) {
        if (kind == DataKind.CLASSIFICATION && output == LayerSpec.OutputKind.SOFTMAX) {
            targets = grow(targets, rows);
            System.arraycopy(b.labels, 0, targets, 0, rows);
            return Targets.ids(targets, 0);
        }
        if (kind == DataKind.CLASSIFICATION || kind == DataKind.REGRESSION) {
            if (valueTensor == null || valueTensor.shape().dim(1) != rows) valueTensor = model.backend().alloc(Shape.of(1, rows, 1));
            float[] v = new float[rows];
            for (int r = 0; r < rows; r++) v[r] = kind == DataKind.REGRESSION ? b.values[r] : b.labels[r];
            valueTensor.copyFromHost(v, 0);
            return Targets.values(valueTensor);
        }
        targets = grow(targets, rows * time);
        for (int r = 0; r < rows; r++) for (int t = 0; t < time; t++) targets[t * rows + r] = b.targets[r * time + t];
        return Targets.ids(targets, 0);
    }

    /** Targets the loss averages over: per-step targets that are not -1, or one per sequence. */
    static int counted(Targets t, int rows) {
        if (t.ids() == null) return t.values().size();
        int n = 0;
        for (int i = 0; i < rows; i++) if (t.ids()[t.off() + i] != -1) n++;
        return n;
    }

    private static int[] grow(int[] a, int n) {
        return a.length >= n ? a : new int[n];
    }
}
