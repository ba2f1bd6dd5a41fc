package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/** Small fixed pictures for the tests. */
final class Samples {

    private Samples() {
    }

    static final List<String> WORDS = List.of("the", "boy", "ate", "the", "fish", "\n", " ");

    /** 5 units x 7 tokens in [-1, 1]. */
    static Heatmap hidden() {
        float[][] v = new float[5][WORDS.size()];
        for (int u = 0; u < v.length; u++) {
            for (int t = 0; t < v[u].length; t++) {
                v[u][t] = (float) Math.sin(u + 0.7 * t);
            }
        }
        return Heatmap.unitsByTokens("hidden layer 1", v, WORDS);
    }

    /** Causal attention over 5 tokens, 2 heads; rows sum to 1. */
    static AttentionMap attention() {
        List<String> tokens = List.of("put", "your", "money", "in", "bank");
        List<float[][]> heads = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            float[][] w = new float[5][5];
            for (int q = 0; q < 5; q++) {
                float sum = 0;
                for (int k = 0; k <= q; k++) {
                    w[q][k] = 1 + ((q + k + h) % 3);
                    sum += w[q][k];
                }
                for (int k = 0; k <= q; k++) {
                    w[q][k] /= sum;
                }
            }
            heads.add(w);
        }
        return AttentionMap.self("attention layer 1", tokens, heads);
    }

    static TokenStrip neuron() {
        String text = "say \"hi\" now";
        List<String> chars = new ArrayList<>();
        float[] v = new float[text.length()];
        boolean inside = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            chars.add(String.valueOf(c));
            if (c == '"') {
                inside = !inside;
            }
            v[i] = inside ? 0.9f : -0.6f;
        }
        return new TokenStrip("unit 42", chars, v);
    }

    static LinePlot loss() {
        double[] x = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i * 10;
            y[i] = 3 * Math.exp(-i / 15.0) + 0.5;
        }
        return new LinePlot("loss", "step", "loss", List.of(new LinePlot.Series("train", x, y),
                new LinePlot.Series("validation", new double[] {0, 250, 490}, new double[] {3.6, 1.2, 0.9})));
    }

    static Table table() {
        return new Table("summary", List.of("layer", "output shape", "params"),
                List.of(List.of("embed", "(T, 32)", "2,048"), List.of("lstm", "(T, 128)", "82,432")),
                List.of("total parameters: 84,480"));
    }

    static List<Object> all() {
        return List.of(hidden(), new HeatmapGrid("gates", List.of(hidden().withTitle("input"), hidden().withTitle("forget"))),
                attention(), neuron(), TokenStrip.surprisal("surprisal", WORDS, new float[] {1, 2, 3, 0.5f, 4, 1, 1}),
                loss(), table());
    }
}
