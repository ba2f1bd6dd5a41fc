package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.Locale;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Examples;

/** What the lecture course's views share: the baselines a regression model is measured against. */
final class CourseViews {

    private CourseViews() {
    }

    /**
     * Beside a regression model's validation MSE: the mean baseline (always predict the training targets' mean: 0 in
     * the standardised units of a series, about 1 on task adding) and, for a window of past values (a series), persistence (the next
     * value is the last one seen: "tomorrow = today"), and the model's ratio to each. Below 1 beats the baseline.
     */
    static void regressionBaselines(ExampleSet set, double mse, PrintStream out) {
        Examples va = set.validation();
        if (va.size() == 0 || Double.isNaN(mse)) return;
        double mean = 0, persist = 0, trainMean = 0;
        Examples tr = set.train();
        for (int i = 0; i < tr.size(); i++) trainMean += tr.value(i);
        trainMean = tr.size() == 0 ? 0 : trainMean / tr.size();
        boolean series = set.featureSize() == 1;
        for (int i = 0; i < va.size(); i++) {
            double y = va.value(i);
            mean += (y - trainMean) * (y - trainMean);
            if (series) {
                float[] x = va.features(i);
                double last = x[x.length - 1];
                persist += (y - last) * (y - last);
            }
        }
        mean /= va.size();
        persist /= va.size();
        out.printf(Locale.ROOT, "  mean baseline   %.5f  (always the training mean); model / mean = %.3f%n", mean, mse / mean);
        if (series) {
            out.printf(Locale.ROOT, "  persistence     %.5f  (the next value = the last one seen); model / persistence = %.3f%n",
                    persist, mse / persist);
        }
    }
}
