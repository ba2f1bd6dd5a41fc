package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamBatcherTest {

    private static TokenStream counting(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 60_000;
        }
        return TokenStream.of(ids);
    }

    @Test
    void rowsContinueAcrossBatchesAndTargetsShiftByOne() {
        StreamBatcher sb = new StreamBatcher(counting(1001), 4, 7);
        assertEquals(250, sb.rowLength());
        assertEquals(35, sb.batchesPerEpoch());
        int[] x = new int[28];
        int[] y = new int[28];
        int[] lastEnd = new int[4];
        for (int k = 0; k < 35; k++) {
            boolean first = sb.next(x, y);
            assertEquals(k == 0, first);
            for (int b = 0; b < 4; b++) {
                if (k > 0) {
                    assertEquals(lastEnd[b] + 1, x[b * 7], "row " + b + " batch " + k);
                } else {
                    assertEquals(b * 250, x[b * 7]);
                }
                for (int t = 0; t < 7; t++) {
                    assertEquals(x[b * 7 + t] + 1, y[b * 7 + t]);
                    if (t > 0) {
                        assertEquals(x[b * 7 + t - 1] + 1, x[b * 7 + t]);
                    }
                }
                lastEnd[b] = x[b * 7 + 6];
            }
        }
        assertEquals(1, sb.epoch());
        assertTrue(sb.next(x, y));
        assertEquals(0, x[0]);
    }

    @Test
    void seekReproducesTheSameBatches() {
        StreamBatcher a = new StreamBatcher(counting(5000), 3, 10);
        int[] x = new int[30];
        int[] y = new int[30];
        for (int i = 0; i < 200; i++) {
            a.next(x, y);
        }
        StreamBatcher b = new StreamBatcher(counting(5000), 3, 10);
        b.seek(200);
        int[] x2 = new int[30];
        int[] y2 = new int[30];
        assertEquals(a.step(), b.step());
        assertEquals(a.next(x, y), b.next(x2, y2));
        assertEquals(java.util.Arrays.toString(x), java.util.Arrays.toString(x2));
    }

    @Test
    void tooShortIsAClearErrorAndFittingShrinks() {
        DataException e = assertThrows(DataException.class, () -> new StreamBatcher(counting(100), 50, 50));
        assertEquals("the split has 100 tokens, too few for one batch of batch=50 seq=50 (needs 2,501)", e.getMessage());
        StreamBatcher f = StreamBatcher.fitting(counting(100), 50, 50);
        assertEquals(1, f.batch());
        assertEquals(50, f.seq());
        StreamBatcher g = StreamBatcher.fitting(counting(20), 50, 50);
        assertEquals(19, g.seq());
        assertFalse(g.batchesPerEpoch() == 0);
    }
}
