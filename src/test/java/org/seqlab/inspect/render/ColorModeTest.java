package org.seqlab.inspect.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorModeTest {

    @Test
    void noColorWins() {
        assertEquals(ColorMode.SHADES, ColorMode.detect(Map.of("NO_COLOR", "1", "TERM", "xterm", "COLORTERM", "truecolor")));
    }

    @Test
    void emptyNoColorIsIgnored() {
        assertEquals(ColorMode.TRUECOLOR, ColorMode.detect(Map.of("NO_COLOR", "", "TERM", "xterm", "COLORTERM", "truecolor")));
    }

    @Test
    void dumbOrMissingTerminalGetsShades() {
        assertEquals(ColorMode.SHADES, ColorMode.detect(Map.of("TERM", "dumb", "COLORTERM", "truecolor")));
        assertEquals(ColorMode.SHADES, ColorMode.detect(Map.of()));
    }

    @Test
    void colortermPicksTruecolor() {
        assertEquals(ColorMode.TRUECOLOR, ColorMode.detect(Map.of("TERM", "xterm-256color", "COLORTERM", "24bit")));
        assertEquals(ColorMode.ANSI256, ColorMode.detect(Map.of("TERM", "xterm-256color")));
    }

    @Test
    void notATerminalGetsShades() {
        assertEquals(ColorMode.SHADES, ColorMode.detect(Map.of("TERM", "xterm", "COLORTERM", "truecolor"), false));
    }
}
