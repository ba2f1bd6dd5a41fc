package org.seqlab.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * The benchmark's character data: a text, its character vocabulary (sorted code points), the ids, and
 * char-rnn's batching: a split cut into B contiguous streams, batch k holding steps [kT, kT+T) of each.
 */
final class BenchCorpus {
    final int[] ids;
    final int vocab;
    final int trainEnd;

    BenchCorpus(String text) {
        int[] cps = text.codePoints().toArray();
        int[] chars = Arrays.stream(cps).distinct().sorted().toArray();
        ids = new int[cps.length];
        for (int i = 0; i < cps.length; i++) ids[i] = Arrays.binarySearch(chars, cps[i]);
        vocab = chars.length;
        trainEnd = (int) (cps.length * 0.9);
    }

    /** A deterministic English-like text of about n characters (sentences from a small word list). */
    static String generated(int n) {
        String[] nouns = {"king", "queen", "lord", "lady", "night", "heart", "sword", "crown", "world", "love",
                "death", "father", "son", "friend", "honour", "time", "blood", "eye", "hand", "soul", "man", "woman"};
        String[] verbs = {"speaks", "loves", "fears", "knows", "takes", "gives", "holds", "seeks", "keeps", "calls",
                "hath", "doth", "sees", "brings", "leaves", "finds"};
        String[] adjs = {"noble", "gentle", "dark", "sweet", "good", "poor", "proud", "fair", "old", "young", "true"};
        String[] names = {"ROMEO", "JULIET", "HAMLET", "KING HENRY", "LADY MACBETH", "FIRST CITIZEN", "MENENIUS"};
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(n + 200);
        while (sb.length() < n) {
            sb.append(names[r.nextInt(names.length)]).append(":\n");
            int sentences = 1 + r.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                String first = (r.nextBoolean() ? "the " : "my ") + (r.nextInt(3) == 0 ? adjs[r.nextInt(adjs.length)] + " " : "")
                        + nouns[r.nextInt(nouns.length)];
                sb.append(Character.toUpperCase(first.charAt(0))).append(first, 1, first.length()).append(' ')
                        .append(verbs[r.nextInt(verbs.length)]).append(r.nextBoolean() ? " the " : " thy ")
                        .append(nouns[r.nextInt(nouns.length)]);
                if (r.nextInt(4) == 0) sb.append(", and ").append(verbs[r.nextInt(verbs.length)]).append(" not");
                sb.append(r.nextInt(5) == 0 ? "?" : r.nextInt(4) == 0 ? "!" : ".").append(s + 1 < sentences ? " " : "\n");
            }
            sb.append('\n');
        }
        return sb.substring(0, n);
    }

    /** Streams over ids[from, to): fills inputs/targets (time-major, T*B) for batch k; returns false past the end. */
    boolean batch(int from, int to, int k, int steps, int batch, int[] inputs, int[] targets) {
        int len = (to - from - 1) / batch;
        if ((k + 1) * steps > len) return false;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int pos = from + b * len + k * steps + t;
                inputs[t * batch + b] = ids[pos];
                targets[t * batch + b] = ids[pos + 1];
            }
        }
        return true;
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
