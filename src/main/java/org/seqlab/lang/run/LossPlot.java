package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.seqlab.inspect.render.LinePlot;
import org.seqlab.lang.ast.Statement;
import org.seqlab.train.HistoryPoint;
import org.seqlab.session.Workspace;

/**
 * {@code plot loss | val_loss | lr | perplexity [to FILE]}: the model's training history as a
 * {@link LinePlot} against the step, printed for the terminal or written as a picture. {@code plot loss}
 * draws the training loss and, where validation ran, the validation loss on the same axes.
 */
final class LossPlot {

    private LossPlot() {
    }

    static void plot(Statement.Plot s, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(null, ws, s);
        List<HistoryPoint> h = TensorEngine.existing(name, ws, s).state.history();
        String what = s.what().name();
        List<LinePlot.Series> series = new ArrayList<>();
        switch (what) {
            case "loss" -> {
                add(series, "training loss", h, HistoryPoint::loss);
                add(series, "validation loss", h, HistoryPoint::valLoss);
            }
            case "val_loss" -> add(series, "validation loss", h, HistoryPoint::valLoss);
            case "lr" -> add(series, "learning rate", h, HistoryPoint::lr);
            case "grad_norm" -> add(series, "gradient norm (before clipping)", h, HistoryPoint::gradNorm);
            case "perplexity" -> {
                add(series, "training perplexity", h, p -> Math.exp(p.loss()));
                add(series, "validation perplexity", h, p -> Math.exp(p.valLoss()));
            }
            default -> { }
        }
        if (series.isEmpty()) {
            throw RunFailure.at(s.span(), "nothing to plot yet: " + name + " has no " + what + " history", "train it first");
        }
        LinePlot plot = new LinePlot(what + " of " + name + " over " + h.size() + " steps", "step", what, series);
        InspectCommand.show(plot, s.output(), false, out);
    }

    /** The finite points of one quantity as a series, if there are any. */
    private static void add(List<LinePlot.Series> to, String label, List<HistoryPoint> h, ToDoubleFunction<HistoryPoint> f) {
        double[] xs = new double[h.size()], ys = new double[h.size()];
        int n = 0;
        for (HistoryPoint p : h) {
            double y = f.applyAsDouble(p);
            if (Double.isFinite(y)) {
                xs[n] = p.step();
                ys[n++] = y;
            }
        }
        if (n > 0) to.add(new LinePlot.Series(label, java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n)));
    }
}
