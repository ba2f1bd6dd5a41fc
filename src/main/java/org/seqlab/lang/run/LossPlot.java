package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.seqlab.lang.ast.Statement;
import org.seqlab.train.HistoryPoint;

/**
 * {@code plot loss | val_loss | lr}: the model's training history as a text chart (60 columns, 12 rows,
 * each column the mean of its steps). Pictures ({@code to "loss.png"}) come with the renderers.
 */
final class LossPlot {
    private static final int W = 60, H = 12;

    private LossPlot() {
    }

    static void plot(Statement.Plot s, Workspace ws, PrintStream out) {
        if (s.output() != null) {
            throw RunFailure.at(s.output().span(), "not available yet: plots to files arrive with the renderers",
                    "leave out 'to ...' for a text plot");
        }
        String name = TensorEngine.modelName(null, ws, s);
        ModelSession m = TensorEngine.existing(name, ws, s);
        String what = s.what().name();
        List<HistoryPoint> h = m.state.history();
        double[] ys = new double[h.size()];
        long[] xs = new long[h.size()];
        int n = 0;
        for (HistoryPoint p : h) {
            double y = switch (what) {
                case "val_loss" -> p.valLoss();
                case "lr" -> p.lr();
                case "perplexity" -> Math.exp(p.loss());
                default -> p.loss();
            };
            if (Double.isFinite(y)) {
                xs[n] = p.step();
                ys[n++] = y;
            }
        }
        if (n == 0) {
            throw RunFailure.at(s.span(), "nothing to plot yet: " + name + " has no " + what + " history", "train it first");
        }
        out.print(chart(what, xs, ys, n));
    }

    static String chart(String what, long[] xs, double[] ys, int n) {
        int cols = Math.min(W, n);
        double[] col = new double[cols];
        for (int c = 0; c < cols; c++) {
            int from = (int) ((long) c * n / cols), to = (int) ((long) (c + 1) * n / cols);
            double sum = 0;
            for (int i = from; i < to; i++) sum += ys[i];
            col[c] = sum / Math.max(1, to - from);
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double v : col) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi - lo < 1e-12) hi = lo + 1e-12;
        char[][] grid = new char[H][cols];
        for (char[] row : grid) java.util.Arrays.fill(row, ' ');
        for (int c = 0; c < cols; c++) {
            int r = (int) Math.round((hi - col[c]) / (hi - lo) * (H - 1));
            grid[r][c] = '*';
        }
        StringBuilder sb = new StringBuilder(what + " over steps " + xs[0] + ".." + xs[n - 1] + "\n");
        for (int r = 0; r < H; r++) {
            double label = hi - (hi - lo) * r / (H - 1);
            sb.append(String.format(Locale.ROOT, "%9.4f |", label)).append(grid[r]).append('\n');
        }
        sb.append(" ".repeat(10)).append('+').append("-".repeat(cols)).append('\n');
        return sb.toString();
    }
}
