package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One matrix to draw: {@code values} is rows x cols, float32 as the model computed it. For
 * per-token-per-unit maps the rows are units and the columns tokens (tokens along the horizontal
 * axis, as LSTMVis shows them); for attention the rows are queries and the columns keys.
 *
 * @param title     shown above the map
 * @param values    rows x cols; rectangular, at least 1 x 1; NaN is drawn grey
 * @param rowLabels one per row (unit numbers, gate names, query tokens)
 * @param colLabels one per column (tokens, key tokens)
 * @param rowAxis   what the rows are ("unit", "query"), or "" when the labels say enough
 * @param colAxis   what the columns are ("token", "key"), or ""
 * @param scale     value range and colour ramp; {@link Scale#auto(float[][])} when built without one
 * @param cellText  optional rows x cols text drawn in the cells instead of the values (null: none)
 */
public record Heatmap(String title, float[][] values, List<String> rowLabels, List<String> colLabels,
                      String rowAxis, String colAxis, Scale scale, String[][] cellText) {

    public Heatmap {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("heatmap '" + title + "' has no values");
        }
        int cols = values[0].length;
        float[][] copy = new float[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("heatmap '" + title + "': row " + r + " has "
                        + values[r].length + " values, row 0 has " + cols);
            }
            copy[r] = values[r].clone();
        }
        values = copy;
        rowLabels = labels(rowLabels, values.length, "row", title);
        colLabels = labels(colLabels, cols, "column", title);
        title = title == null ? "" : title;
        rowAxis = rowAxis == null ? "" : rowAxis;
        colAxis = colAxis == null ? "" : colAxis;
        scale = scale == null ? Scale.auto(values) : scale;
        if (cellText != null && (cellText.length != values.length || cellText[0].length != cols)) {
            throw new IllegalArgumentException("heatmap '" + title + "': cell text is not "
                    + values.length + " x " + cols);
        }
    }

    /** A map with automatic scale, no axis names and no cell text. */
    public Heatmap(String title, float[][] values, List<String> rowLabels, List<String> colLabels) {
        this(title, values, rowLabels, colLabels, "", "", null, null);
    }

    /** Units down, tokens across: {@code values} is units x tokens, rows labelled by unit index. */
    public static Heatmap unitsByTokens(String title, float[][] values, List<String> tokens) {
        List<String> units = new ArrayList<>();
        for (int u = 0; u < values.length; u++) {
            units.add(Integer.toString(u));
        }
        return new Heatmap(title, values, units, tokens, "unit", "token", null, null);
    }

    /**
     * The same data as tokens x units (one row per time step, as a trace stores it) turned so the
     * tokens run across: {@code perToken} is tokens x units.
     */
    public static Heatmap fromTokensByUnits(String title, float[][] perToken, List<String> tokens) {
        return unitsByTokens(title, transpose(perToken), tokens);
    }

    public int rows() {
        return values.length;
    }

    public int cols() {
        return values[0].length;
    }

    public Heatmap withScale(Scale s) {
        return new Heatmap(title, values, rowLabels, colLabels, rowAxis, colAxis, s, cellText);
    }

    public Heatmap withAxes(String rows, String cols) {
        return new Heatmap(title, values, rowLabels, colLabels, rows, cols, scale, cellText);
    }

    public Heatmap withTitle(String t) {
        return new Heatmap(t, values, rowLabels, colLabels, rowAxis, colAxis, scale, cellText);
    }

    public Heatmap withCellText(String[][] text) {
        return new Heatmap(title, values, rowLabels, colLabels, rowAxis, colAxis, scale, text);
    }

    /**
     * The k rows that vary most across the columns (largest variance), most varying first, with
     * their labels and the same scale, so a wide layer can be shown by its busiest units.
     */
    public Heatmap topVarying(int k) {
        Integer[] order = new Integer[rows()];
        double[] var = new double[rows()];
        for (int r = 0; r < rows(); r++) {
            order[r] = r;
            var[r] = variance(values[r]);
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer r) -> -var[r]));
        int n = Math.max(1, Math.min(k, rows()));
        return selectRows(Arrays.copyOf(order, n), " (top " + n + " of " + rows() + " by variance)");
    }

    /** Only the given rows, in the given order, with their labels and the same scale; {@code note} ends the title. */
    public Heatmap selectRows(Integer[] rowsInOrder, String note) {
        int n = rowsInOrder.length;
        float[][] v = new float[n][];
        List<String> labels = new ArrayList<>();
        String[][] text = cellText == null ? null : new String[n][];
        for (int i = 0; i < n; i++) {
            v[i] = values[rowsInOrder[i]];
            labels.add(rowLabels.get(rowsInOrder[i]));
            if (text != null) {
                text[i] = cellText[rowsInOrder[i]];
            }
        }
        return new Heatmap(title + note, v, labels, colLabels, rowAxis, colAxis, scale, text);
    }

    static double variance(float[] xs) {
        double mean = 0;
        int n = 0;
        for (float x : xs) {
            if (Float.isFinite(x)) {
                mean += x;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        mean /= n;
        double s = 0;
        for (float x : xs) {
            if (Float.isFinite(x)) {
                s += (x - mean) * (x - mean);
            }
        }
        return s / n;
    }

    static float[][] transpose(float[][] m) {
        if (m.length == 0) {
            throw new IllegalArgumentException("nothing to transpose");
        }
        float[][] t = new float[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static List<String> labels(List<String> given, int n, String what, String title) {
        if (given == null) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(Integer.toString(i));
            }
            return List.copyOf(out);
        }
        if (given.size() != n) {
            throw new IllegalArgumentException("heatmap '" + title + "': " + given.size() + " " + what
                    + " labels for " + n + " " + what + "s");
        }
        return List.copyOf(given);
    }
}
