package org.seqlab.data;

import java.util.List;

/**
 * {@code task adding length=L} (Hochreiter &amp; Schmidhuber 1997; Le et al. 2015): each step is a pair
 * (value uniform in [0,1), marker 0 or 1); exactly two markers are 1, one in the first half and one
 * in the second. The target is the sum of the two marked values. Regression (MSE); always predicting
 * 1 scores about 0.167, the bar a model must beat.
 */
public final class AddingTask {

    private AddingTask() {
    }

    public static ExampleSet generate(int length, int samples, double split, long seed) {
        if (length < 2) {
            throw new DataException("length=" + length + " must be at least 2 (one marker in each half)");
        }
        int half = length / 2;
        Examples[] s = TaskSupport.generate(samples, split, seed, 2, (rnd, out) -> {
            float[] x = new float[2 * length];
            for (int t = 0; t < length; t++) {
                x[2 * t] = (float) rnd.nextDouble();
            }
            int a = rnd.nextInt(half);
            int b = half + rnd.nextInt(length - half);
            x[2 * a + 1] = 1f;
            x[2 * b + 1] = 1f;
            out.addFeatures(x, null, -1, x[2 * a] + x[2 * b]);
        });
        String source = "task adding length=" + length + " samples=" + samples + " seed=" + seed;
        return new ExampleSet("adding", source, DataKind.REGRESSION, null, List.of(), null, s[0], s[1]);
    }
}
