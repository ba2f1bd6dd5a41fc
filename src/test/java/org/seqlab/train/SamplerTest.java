package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sampling filters by their statistics over many draws from one row of logits: temperature reshapes the
 * softmax, top_k and top_p never draw outside what they keep and renormalise inside it, and a temperature near
 * 0 is greedy. 40000 draws put each frequency within about 0.005 (one standard error) of its probability; the
 * tolerance is 0.02.
 */
class SamplerTest {
    private static final int DRAWS = 40_000;
    /** softmax(LOGITS) = 0.5, 0.25, 0.125, 0.0625, 0.0625 (log-probabilities shifted by a constant). */
    private static final float[] LOGITS = {(float) Math.log(8), (float) Math.log(4), (float) Math.log(2), 0f, 0f};

    private static double[] frequencies(float[] logits, SampleOptions o) {
        Random rnd = new Random(11);
        int[] n = new int[logits.length];
        for (int i = 0; i < DRAWS; i++) n[Sampler.choose(logits, o, rnd)]++;
        double[] f = new double[n.length];
        for (int j = 0; j < n.length; j++) f[j] = (double) n[j] / DRAWS;
        return f;
    }

    private static SampleOptions opts(double temperature, int topK, double topP) {
        return new SampleOptions(1, temperature, false, topK, topP, 1);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 0.02, what + ": token " + j + " drawn " + actual[j] + " of the time");
            if (expected[j] == 0) assertEquals(0.0, actual[j], what + ": token " + j + " is outside and must never be drawn");
        }
    }

    @Test void temperatureOneDrawsFromTheSoftmax() {
        assertClose(new double[] {0.5, 0.25, 0.125, 0.0625, 0.0625}, frequencies(LOGITS, opts(1, 0, 1)), "t=1");
    }

    @Test void temperatureTwoFlattensAndOneHalfSharpens() {
        // softmax(z/2) is proportional to sqrt(p): sqrt(8), 2, sqrt(2), 1, 1; softmax(2z) to p squared: 64, 16, 4, 1, 1.
        double s2 = Math.sqrt(8) + 2 + Math.sqrt(2) + 2;
        assertClose(new double[] {Math.sqrt(8) / s2, 2 / s2, Math.sqrt(2) / s2, 1 / s2, 1 / s2}, frequencies(LOGITS, opts(2, 0, 1)), "t=2");
        assertClose(new double[] {64 / 86.0, 16 / 86.0, 4 / 86.0, 1 / 86.0, 1 / 86.0}, frequencies(LOGITS, opts(0.5, 0, 1)), "t=0.5");
    }

    @Test void temperatureNearZeroIsGreedy() {
        float[] close = {0.30f, 0.31f, 0.29f, -1f, 0.305f};  // the best (index 1) leads by only 0.005
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) assertEquals(1, Sampler.choose(close, opts(1e-4, 0, 1), rnd));
        assertEquals(1, Sampler.choose(close, new SampleOptions(1, 1, true, 0, 1, 1), rnd));
    }

    @Test void topPKeepsTheSmallestSetReachingP() {
        // 0.5 + 0.25 = 0.75 >= 0.7: the nucleus is tokens 0 and 1, renormalised to 2/3 and 1/3.
        assertClose(new double[] {2 / 3.0, 1 / 3.0, 0, 0, 0}, frequencies(LOGITS, opts(1, 0, 0.7)), "top_p=0.7");
        // 0.75 < 0.8: token 2 joins; 0.875.
        assertClose(new double[] {0.5 / 0.875, 0.25 / 0.875, 0.125 / 0.875, 0, 0}, frequencies(LOGITS, opts(1, 0, 0.8)), "top_p=0.8");
        // A tiny p keeps the single most likely token.
        assertClose(new double[] {1, 0, 0, 0, 0}, frequencies(LOGITS, opts(1, 0, 1e-6)), "top_p=1e-6");
    }

    @Test void topPAppliesToTheTemperedDistribution() {
        // At t=0.5 the first token alone has 64/86 = 0.744 >= 0.7.
        assertClose(new double[] {1, 0, 0, 0, 0}, frequencies(LOGITS, opts(0.5, 0, 0.7)), "t=0.5 top_p=0.7");
    }

    @Test void topKKeepsTheKMostLikelyThenTopPInsideThem() {
        assertClose(new double[] {0.5 / 0.875, 0.25 / 0.875, 0.125 / 0.875, 0, 0}, frequencies(LOGITS, opts(1, 3, 1)), "top_k=3");
        // top_k=3 first, then top_p over the original probabilities: 0.5 + 0.25 reaches 0.7.
        assertClose(new double[] {2 / 3.0, 1 / 3.0, 0, 0, 0}, frequencies(LOGITS, opts(1, 3, 0.7)), "top_k=3 top_p=0.7");
        double[] one = frequencies(LOGITS, opts(1, 1, 1));
        assertEquals(1.0, one[0], "top_k=1 is greedy");
    }
}
