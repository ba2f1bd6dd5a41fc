package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeedStreamTest {

    @Test
    void drawsJavaUtilRandomsSequenceAndResumesFromItsState() {
        for (long seed : new long[] {0, 1, -7, 123456789012345L}) {
            Random r = new Random(seed);
            SeedStream s = new SeedStream(seed);
            for (int i = 0; i < 100; i++) assertEquals(r.nextLong(), s.nextLong());
            for (int i = 0; i < 100; i++) assertEquals(r.nextDouble(), s.nextDouble());
            SeedStream copy = new SeedStream(99);
            copy.setState(s.state());
            for (int i = 0; i < 10; i++) assertEquals(s.nextLong(), copy.nextLong());
        }
    }
}
