package org.seqlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.diag.Suggest;

/**
 * {@code series NAME = "file.csv" column=close window=30}: next-value regression on one numeric
 * column of a CSV file with a header row. Every run of {@code window} consecutive values is an input
 * (window steps, one number each) and the value after it the target. The first {@code split} of
 * the rows is the training part: windows whose target lies in it train, later ones validate.
 * Inputs and targets are standardised with the training rows' mean and standard deviation, kept
 * in {@link ExampleSet#standardizer()} to turn predictions back into the column's units.
 */
public final class Series {

    private Series() {
    }

    public static ExampleSet load(String name, Path path, String column, int window, double split) {
        if (window < 1) {
            throw new DataException("window=" + window + " must be at least 1");
        }
        if (!(split > 0 && split < 1)) {
            throw new DataException("split=" + split + " must be between 0 and 1 (the training share, e.g. 0.9)");
        }
        List<String> lines = TextFiles.lines(path);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new DataException(path + ": the first line should be a header naming the columns");
        }
        List<String> header = fields(lines.get(0));
        int col = header.indexOf(column);
        if (col < 0) {
            for (int i = 0; i < header.size() && col < 0; i++) {
                col = header.get(i).strip().equalsIgnoreCase(column) ? i : -1;
            }
        }
        if (col < 0) {
            throw new DataException(path + " has no column '" + column + "'; its columns are " + String.join(", ", header),
                    Suggest.didYouMean(column, header));
        }
        List<Double> values = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> f = fields(lines.get(n));
            if (f.size() <= col) {
                throw new DataException(path + ":" + (n + 1) + ": the row has " + f.size() + " fields, no column '" + header.get(col) + "'");
            }
            String cell = f.get(col).strip();
            try {
                double v = Double.parseDouble(cell);
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                values.add(v);
            } catch (NumberFormatException e) {
                throw new DataException(path + ":" + (n + 1) + ": '" + cell + "' in column '" + header.get(col) + "' is not a number");
            }
        }
        return windows(name, path + " column=" + header.get(col), values, window, split);
    }

    /** The built-in series {@code generator=} names. */
    public static final List<String> GENERATORS = List.of("random_walk", "sine", "trend_noise");

    /**
     * {@code series NAME generator=random_walk|sine|trend_noise length=N seed=S}: a series made here, so a lesson
     * needs no download. random_walk: x_0 = 100, each step adds a standard normal draw (the best forecast of
     * tomorrow is today: persistence). sine: sin(2 pi t / 25) plus normal noise of standard deviation 0.2 (a pattern
     * a model can learn). trend_noise: 0.02 t plus standard normal noise. Deterministic for a seed.
     */
    public static ExampleSet generate(String name, String generator, int length, long seed, int window, double split) {
        java.util.Random rnd = new java.util.Random(seed);
        List<Double> values = new ArrayList<>(length);
        double x = 100;
        for (int t = 0; t < length; t++) {
            switch (generator) {
                case "random_walk" -> {
                    values.add(x);
                    x += rnd.nextGaussian();
                }
                case "sine" -> values.add(Math.sin(2 * Math.PI * t / 25) + 0.2 * rnd.nextGaussian());
                case "trend_noise" -> values.add(0.02 * t + rnd.nextGaussian());
                default -> throw new DataException("unknown series generator '" + generator + "'",
                        "one of " + String.join(", ", GENERATORS));
            }
        }
        return windows(name, "generator=" + generator + " length=" + length + " seed=" + seed, values, window, split);
    }

    /** Every run of window values with the one after it, standardised by the training part's mean and deviation. */
    private static ExampleSet windows(String name, String what, List<Double> values, int window, double split) {
        if (window < 1) {
            throw new DataException("window=" + window + " must be at least 1");
        }
        int rows = values.size();
        int trainRows = (int) Math.floor(rows * split);
        if (trainRows <= window || rows - window - Math.max(0, trainRows - window) < 1) {
            throw new DataException(String.format(Locale.ROOT,
                    "%s has %d rows: too few for window=%d with split=%s (each split needs at least one window)",
                    what, rows, window, split));
        }
        double mean = 0;
        for (int i = 0; i < trainRows; i++) {
            mean += values.get(i);
        }
        mean /= trainRows;
        double var = 0;
        for (int i = 0; i < trainRows; i++) {
            var += (values.get(i) - mean) * (values.get(i) - mean);
        }
        double std = Math.sqrt(var / trainRows);
        Standardizer z = new Standardizer(mean, std > 0 ? std : 1);
        Examples tr = new Examples(1);
        Examples va = new Examples(1);
        for (int i = 0; i + window < rows; i++) {
            float[] x = new float[window];
            for (int t = 0; t < window; t++) {
                x[t] = z.apply(values.get(i + t));
            }
            (i + window < trainRows ? tr : va).addFeatures(x, null, -1, z.apply(values.get(i + window)));
        }
        return new ExampleSet(name, what + " window=" + window,
                DataKind.REGRESSION, null, List.of(), z, tr, va);
    }

    /** Comma-separated fields; a field in double quotes may hold commas and doubled quotes. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
