package org.seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExampleBatcherTest {

    @Test
    void everyExampleOncePerEpochShuffledFromTheSeed() {
        ExampleSet s = Generators.task("parity", Map.of("length", 12, "samples", 110), 1);
        ExampleBatcher b = s.batcher(Split.TRAIN, 16, 42);
        assertEquals(7, b.batchesPerEpoch());
        ExampleBatch batch = b.newBatch();
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int k = 0; k < 7; k++) {
            assertEquals(k == 0, b.next(batch));
            for (int r = 0; r < batch.size; r++) {
                int[] row = java.util.Arrays.copyOfRange(batch.inputs, r * batch.time, (r + 1) * batch.time);
                seen.add(java.util.Arrays.toString(row) + batch.labels[r]);
            }
            total += batch.size;
        }
        assertEquals(99, total);
        assertEquals(3, batch.size);
        assertEquals(-1, batch.labels[5]);
        assertEquals(0, batch.lengths[5]);
        assertTrue(seen.size() > 90);
        ExampleBatcher again = s.batcher(Split.TRAIN, 16, 42);
        ExampleBatch b2 = again.newBatch();
        again.seek(7);
        b.next(batch);
        again.next(b2);
        assertArrayEquals(batch.inputs, b2.inputs);
        assertArrayEquals(batch.labels, b2.labels);
    }

    @Test
    void variableLengthsArePaddedAndMasked() {
        ExampleSet s = Generators.task("anbn", Map.of("max", 5, "samples", 60), 3);
        ExampleBatcher b = s.batcher(Split.VALIDATION, 6, 0);
        ExampleBatch batch = b.newBatch();
        b.next(batch);
        int pad = s.vocabulary().padId();
        int maxLen = 0;
        for (int r = 0; r < batch.size; r++) {
            int len = batch.lengths[r];
            maxLen = Math.max(maxLen, len);
            assertArrayEquals(s.validation().input(r), java.util.Arrays.copyOfRange(batch.inputs, r * batch.time, r * batch.time + len));
            for (int t = 0; t < batch.time; t++) {
                int i = r * batch.time + t;
                assertEquals(t < len ? 1f : 0f, batch.mask[i]);
                if (t >= len) {
                    assertEquals(pad, batch.inputs[i]);
                    assertEquals(-1, batch.targets[i]);
                } else {
                    assertEquals(s.validation().targets(r)[t], batch.targets[i]);
                }
            }
        }
        assertEquals(maxLen, batch.time);
    }

    @Test
    void seq2seqDecoderInputsAndTargets() {
        ExampleSet s = Generators.task("reverse", Map.of("length", 4, "min_length", 2, "samples", 40), 3);
        Vocabulary v = s.vocabulary();
        ExampleBatcher b = s.batcher(Split.TRAIN, 5, 1);
        ExampleBatch batch = b.newBatch();
        b.next(batch);
        for (int r = 0; r < batch.size; r++) {
            int len = batch.lengths[r];
            int u = batch.targetTime;
            assertEquals(len + 1, batch.targetLengths[r]);
            assertEquals(v.bosId(), batch.decoderInputs[r * u]);
            assertEquals(v.eosId(), batch.decoderTargets[r * u + len]);
            for (int t = 0; t < len; t++) {
                int src = batch.inputs[r * batch.time + len - 1 - t];
                assertEquals(src, batch.decoderTargets[r * u + t]);
                assertEquals(src, batch.decoderInputs[r * u + t + 1]);
            }
            for (int t = len + 1; t < u; t++) {
                assertEquals(-1, batch.decoderTargets[r * u + t]);
                assertEquals(v.padId(), batch.decoderInputs[r * u + t]);
            }
        }
    }

    @Test
    void featureInputsForRegression() {
        ExampleSet s = Generators.task("adding", Map.of("length", 6, "samples", 20), 3);
        ExampleBatcher b = s.batcher(Split.TRAIN, 4, 1);
        ExampleBatch batch = b.newBatch();
        b.next(batch);
        assertEquals(6, batch.time);
        for (int r = 0; r < 4; r++) {
            double sum = 0;
            for (int t = 0; t < 6; t++) {
                int i = (r * 6 + t) * 2;
                sum += batch.features[i + 1] == 1f ? batch.features[i] : 0;
            }
            assertEquals(sum, batch.values[r], 1e-6);
        }
    }
}
