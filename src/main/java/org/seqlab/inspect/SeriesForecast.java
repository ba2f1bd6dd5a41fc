package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.data.Standardizer;
import org.seqlab.inspect.render.LinePlot;
import org.seqlab.inspect.render.Stack;
import org.seqlab.inspect.render.Table;
import org.seqlab.nn.Model;
import org.seqlab.nn.Recurrent;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;
import org.seqlab.train.RecurrentState;

/**
 * A series model against the held-out tail of its series, one step ahead: each prediction reads the window of
 * actual values before it (as in training and {@code evaluate}), never its own earlier predictions. Beside it,
 * persistence ("the next value = the last one seen"). Values are in the series' own units (the standardisation
 * undone); the mean squared errors too.
 *
 * @param model       the model's name
 * @param series      the series' name
 * @param index       each predicted value's position in the series (0 = its first value)
 * @param actual      the actual values there
 * @param predicted   the model's one-step predictions
 * @param persistence the value before each one
 * @param context     the actual values of the first window (the input of the first prediction), drawn before the tail
 */
public record SeriesForecast(String model, String series, int[] index, double[] actual, double[] predicted,
                             double[] persistence, double[] context) {

    /**
     * Predicts the value after each window with one forward pass of {@code m} over all of them (a batch; an
     * output never depends on its batch).
     *
     * @param windows standardised input windows, each {@code steps} values
     * @param targets the standardised actual value after each window
     * @param first   the series position of the first target
     */
    public static SeriesForecast of(Model m, String model, String series, List<float[]> windows, float[] targets, int first,
                                    Standardizer z) {
        int n = windows.size();
        float[] pred = predict(m, windows);
        int[] index = new int[n];
        double[] actual = new double[n], predicted = new double[n], persistence = new double[n];
        for (int i = 0; i < n; i++) {
            float[] w = windows.get(i);
            index[i] = first + i;
            actual[i] = z.restore(targets[i]);
            predicted[i] = z.restore(pred[i]);
            persistence[i] = z.restore(w[w.length - 1]);
        }
        float[] w0 = windows.get(0);
        double[] context = new double[w0.length];
        for (int t = 0; t < w0.length; t++) context[t] = z.restore(w0[t]);
        return new SeriesForecast(model, series, index, actual, predicted, persistence, context);
    }

    /** The model's standardised one-step prediction after each window (all of one length): one batched forward. */
    public static float[] predict(Model m, List<float[]> windows) {
        if (m.inputLayer() != null) {
            throw new InspectException("this model reads tokens, not the numbers of a series",
                    "forecast with a model that starts with a recurrent layer: model m { layer lstm(hidden=32); pool last; output linear }");
        }
        int n = windows.size(), steps = windows.get(0).length;
        float[] x = new float[steps * n];
        for (int b = 0; b < n; b++) {
            float[] w = windows.get(b);
            if (w.length != steps) throw new IllegalArgumentException("windows of " + steps + " and " + w.length + " values");
            for (int t = 0; t < steps; t++) x[t * n + b] = w[t];                 // (T, B, 1), time-major
        }
        RecurrentState saved = RecurrentState.take(m);
        try {
            for (Recurrent r : m.recurrentLayers()) {
                r.prepareState(n);
                r.resetState();
            }
            Tensor in = m.backend().alloc(Shape.of(steps, n, 1));
            in.copyFromHost(x, 0);
            m.forward(in, false);
            float[] out = m.outputLayer().predictions().toHost();              // (1, B, 1) after pooling
            if (out.length != n) {
                throw new InspectException("the model gives " + out.length / n + " values per window, not one",
                        "end the model with: pool last; output linear");
            }
            return out;
        } finally {
            saved.restore(m);
        }
    }

    public double modelMse() {
        return mse(predicted);
    }

    public double persistenceMse() {
        return mse(persistence);
    }

    private double mse(double[] guess) {
        double s = 0;
        for (int i = 0; i < actual.length; i++) s += (guess[i] - actual[i]) * (guess[i] - actual[i]);
        return s / actual.length;
    }

    /** Actual (with the first window before the tail), predicted and persistence on one axis; the errors under it. */
    public Object picture() {
        int n = actual.length, c = context.length;
        double[] ax = new double[c + n], ay = new double[c + n];
        for (int t = 0; t < c; t++) {
            ax[t] = index[0] - c + t;
            ay[t] = context[t];
        }
        double[] px = new double[n];
        for (int i = 0; i < n; i++) {
            ax[c + i] = index[i];
            ay[c + i] = actual[i];
            px[i] = index[i];
        }
        LinePlot plot = new LinePlot("forecast of " + series + " by " + model + ": its last " + n + " values, one step ahead",
                "position in the series",
                series, List.of(new LinePlot.Series("actual", ax, ay), new LinePlot.Series(model + " (predicted)", px, predicted),
                        new LinePlot.Series("persistence (= the value before)", px, persistence)));
        double mm = modelMse(), pm = persistenceMse();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(model, fmt(mm), String.format(Locale.ROOT, "%.3f", mm / pm)));
        rows.add(List.of("persistence", fmt(pm), "1.000"));
        Table errors = new Table("mean squared error over these " + n + " values (in the series' units)",
                List.of("predictor", "MSE", "/ persistence"), rows,
                List.of("each prediction reads the actual values before it (its window), not earlier predictions",
                        mm < pm ? model + " beats persistence here" : model + " does not beat persistence here"));
        return new Stack(List.of(plot, errors));
    }

    private static String fmt(double x) {
        return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String.format(Locale.ROOT, "%.5f", x) : String.format(Locale.ROOT, "%.4e", x);
    }
}
