package org.seqlab.diag;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "did you mean ...?" by edit distance, shared by every pass that rejects a name. */
public final class Suggest {

    private Suggest() {
    }

    /** The closest candidate within a distance that still reads as a typo, if any. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowed = Math.max(1, Math.min(3, w.length() / 3));
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            if (Math.abs(lc.length() - w.length()) > allowed) {
                continue;  // the distance is at least the difference in length: too far, and not worth computing
            }
            int d = distance(w, lc, allowed);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code did you mean 'lstm'?}, or null when nothing is close. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "did you mean '" + c + "'?").orElse(null);
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
    static int distance(String a, String b) {
        return distance(a, b, Math.max(a.length(), b.length()));
    }

    /**
     * The distance when it is at most {@code max}, else {@code max + 1}. Only the band of cells within
     * {@code max} of the diagonal is computed, in three rows: a name of a million characters costs a few
     * million steps and no memory to speak of, not a million squared.
     */
    static int distance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int inf = max + 1;
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j <= max ? j : inf;
        }
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - max);
            int to = Math.min(m, i + max);
            cur[from - 1] = from == 1 && i <= max ? i : inf;  // the cells just outside the band read as "too far"
            if (to < m) {
                cur[to + 1] = inf;
            }
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = Math.min(d, inf);
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], inf);
    }
}
