package org.seqlab.inspect.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScaleTest {

    @Test
    void signedDataIsDivergingAroundZero() {
        Scale s = Scale.auto(new float[][] {{-0.5f, 0.25f}});
        assertEquals(Scale.Kind.DIVERGING, s.kind());
        assertEquals(-0.5f, s.min());
        assertEquals(0.5f, s.max());
        assertEquals(0.5, s.position(0), 1e-9);
        assertEquals(0xf7f7f7, s.rgb(0));
    }

    @Test
    void probabilitiesUseTheFixedUnitRange() {
        Scale s = Scale.auto(new float[][] {{0.1f, 0.3f}});
        assertEquals(Scale.sequential(0, 1), s);
        assertEquals(Scale.sequential(0, 7), Scale.auto(new float[][] {{2f, 7f}}));
    }

    @Test
    void endsOfTheRampsAreTheirStops() {
        assertEquals(0x2166ac, Scale.diverging(1).rgb(-1));
        assertEquals(0xb2182b, Scale.diverging(1).rgb(5));
        assertEquals(0x08306b, Scale.sequential(0, 1).rgb(1));
        assertEquals(0x808080, Scale.sequential(0, 1).rgb(Float.NaN));
    }

    @Test
    void badRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Scale.sequential(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Scale(Scale.Kind.DIVERGING, 0.1f, 1));
    }

    @Test
    void xtermPaletteMapsGreysAndCubeColours() {
        assertEquals(16, Ansi.xterm256(0x000000));
        assertEquals(196, Ansi.xterm256(0xff0000));
        assertEquals(244, Ansi.xterm256(0x808080));
    }
}
