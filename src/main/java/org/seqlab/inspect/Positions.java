package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.Scale;
import org.seqlab.inspect.render.Stack;
import org.seqlab.nn.PositionalEncoding;

/**
 * The sinusoidal positional encoding itself ("Attention Is All You Need"), read from the same table the
 * {@code positional sinusoidal} layer adds to its inputs: pe[p, 2i] = sin(p / 10000^(2i/D)), pe[p, 2i+1] = cos(..).
 * Shown as the (dimension x position) matrix, and as the position-by-position dot products pe[p] . pe[q]: every
 * position has the same length (pe[p] . pe[p] = D/2), and the product falls as positions move apart, so nearby
 * positions look alike to attention.
 *
 * @param dim    width of the encoding
 * @param matrix length x dim, the table
 */
public record Positions(int dim, float[][] matrix) {

    public static Positions of(int dim, int length) {
        if ((long) dim * length > 1_000_000) {
            throw new InspectException("dim=" + dim + " x length=" + length + " is too large to show", "try dim=64 length=50");
        }
        float[] flat = PositionalEncoding.sinusoid(length, dim);
        float[][] m = new float[length][dim];
        for (int p = 0; p < length; p++) System.arraycopy(flat, p * dim, m[p], 0, dim);
        return new Positions(dim, m);
    }

    public int length() {
        return matrix.length;
    }

    /** pe[p] . pe[q]. */
    public double dot(int p, int q) {
        double s = 0;
        for (int i = 0; i < dim; i++) s += (double) matrix[p][i] * matrix[q][i];
        return s;
    }

    /** The table as a heatmap (dimensions down, positions across) above the position-by-position dot products. */
    public Stack picture() {
        int n = length();
        float[][] byDim = new float[dim][n];
        for (int p = 0; p < n; p++) for (int i = 0; i < dim; i++) byDim[i][p] = matrix[p][i];
        List<String> positions = new ArrayList<>(), dims = new ArrayList<>();
        for (int p = 0; p < n; p++) positions.add(Integer.toString(p));
        for (int i = 0; i < dim; i++) dims.add((i % 2 == 0 ? "sin " : "cos ") + i);
        Heatmap table = new Heatmap(String.format(Locale.ROOT, "sinusoidal positional encoding, dim=%d, positions 0..%d", dim, n - 1),
                byDim, dims, positions, "dimension", "position", Scale.diverging(1f), null);
        float[][] dots = new float[n][n];
        for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) dots[p][q] = (float) dot(p, q);
        Heatmap similar = new Heatmap(String.format(Locale.ROOT,
                "pe[p] . pe[q]: %.1f on the diagonal, smaller for positions further apart", dim / 2.0),
                dots, positions, positions, "position", "position", Scale.diverging(dim / 2f), null);
        return new Stack(List.of(table, similar));
    }
}
