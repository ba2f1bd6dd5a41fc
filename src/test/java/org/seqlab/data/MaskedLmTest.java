package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedLmTest {

    private static Vocabulary vocab() {
        return new Vocabulary(TokenKind.CHAR, List.of("<pad>", "a", "b", "c", "d", "e", "f", "g", "h")).withSpecial(Vocabulary.MASK);
    }

    @Test
    void bertProportions() {
        Vocabulary v = vocab();
        MaskedLm m = new MaskedLm(v, 0.15, 7);
        int batch = 20;
        int time = 100;
        int chosen = 0;
        int masked = 0;
        int kept = 0;
        int random = 0;
        for (long step = 0; step < 50; step++) {
            int[] x = new int[batch * time];
            for (int i = 0; i < x.length; i++) {
                x[i] = 1 + (i * 7 + (int) step) % 8;
            }
            int[] original = x.clone();
            int[] y = new int[batch * time];
            m.apply(x, y, batch, time, null, step);
            for (int b = 0; b < batch; b++) {
                int perRow = 0;
                for (int t = 0; t < time; t++) {
                    int i = b * time + t;
                    if (y[i] < 0) {
                        assertEquals(original[i], x[i]);
                        continue;
                    }
                    perRow++;
                    assertEquals(original[i], y[i]);
                    if (x[i] == v.maskId()) {
                        masked++;
                    } else if (x[i] == original[i]) {
                        kept++;
                    } else {
                        random++;
                        assertTrue(x[i] >= 1 && x[i] <= 8);
                    }
                }
                assertEquals(15, perRow);
                chosen += perRow;
            }
        }
        assertEquals(15_000, chosen);
        assertEquals(0.8, masked / (double) chosen, 0.02);
        // A random replacement can draw the original token (1 in 8 here): it then counts as kept.
        assertEquals(0.1 * 7 / 8, random / (double) chosen, 0.015);
        assertEquals(0.1 + 0.1 / 8, kept / (double) chosen, 0.015);
    }

    @Test
    void paddingIsNeverChosenAndStepsAreReproducible() {
        Vocabulary v = vocab();
        MaskedLm m = new MaskedLm(v, 0.5, 1);
        int[] x = {1, 2, 3, 4, 0, 0, 5, 6, 0, 0, 0, 0};
        int[] lengths = {4, 2};
        int[] y = new int[12];
        int[] x2 = x.clone();
        int[] y2 = new int[12];
        m.apply(x, y, 2, 6, lengths, 3);
        m.apply(x2, y2, 2, 6, lengths, 3);
        assertArrayEquals(x, x2);
        assertArrayEquals(y, y2);
        for (int t = 4; t < 6; t++) {
            assertEquals(-1, y[t]);
            assertEquals(0, x[t]);
        }
        int first = 0;
        for (int t = 0; t < 4; t++) {
            first += y[t] >= 0 ? 1 : 0;
        }
        assertEquals(2, first);
        assertThrows(IllegalArgumentException.class, () -> new MaskedLm(new Vocabulary(TokenKind.CHAR, List.of("a")), 0.15, 1));
        assertThrows(DataException.class, () -> new MaskedLm(v, 1.5, 1));
    }
}
