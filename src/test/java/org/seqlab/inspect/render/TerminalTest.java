package org.seqlab.inspect.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalTest {

    private static final String ESC = "\u001b[";

    /** The text as a reader sees it: escapes removed. */
    private static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    @Test
    void truecolorUsesRgbEscapesAndALegend() {
        String out = Terminal.render(Samples.hidden(), TerminalOptions.of(ColorMode.TRUECOLOR));
        assertTrue(out.contains(ESC + "48;2;"), out);
        assertFalse(out.contains(ESC + "48;5;"));
        assertTrue(out.contains(ESC + "0m"));
        String text = plain(out);
        assertTrue(text.contains("hidden layer 1"));
        assertTrue(text.contains("scale: -1.00"), text);
        assertTrue(text.contains("1.00"));
        for (String label : List.of("the", "boy", "ate", "fish", "↵", "␣")) {
            assertTrue(text.contains(label), label);
        }
    }

    @Test
    void ansi256UsesThePalette() {
        String out = Terminal.render(Samples.hidden(), TerminalOptions.of(ColorMode.ANSI256));
        assertTrue(out.contains(ESC + "48;5;"));
        assertFalse(out.contains(ESC + "48;2;"));
    }

    @Test
    void shadesHaveNoEscapesAndShowTheRamp() {
        Heatmap h = new Heatmap("probs", new float[][] {{0f, 0.5f, 1f}}, List.of("r"), List.of("a", "b", "c"));
        String out = Terminal.render(h, TerminalOptions.of(ColorMode.SHADES));
        assertFalse(out.contains("\u001b"));
        String[] lines = out.split("\n");
        assertEquals("r   + @ ", lines[2]);
        assertTrue(out.contains("scale: 0.00 [ .:-=+*#%@] 1.00"), out);
    }

    @Test
    void shadesMarkNegativeValues() {
        Heatmap h = new Heatmap("signed", new float[][] {{-1f, 1f}}, List.of("r"), List.of("a", "b"));
        String out = Terminal.render(h, TerminalOptions.of(ColorMode.SHADES));
        assertTrue(out.contains("r -@  @ "), out);
        assertTrue(out.contains("'-' before the shade marks a negative value"));
    }

    @Test
    void valuesModePrintsTheNumbers() {
        Heatmap h = new Heatmap("v", new float[][] {{-0.25f, 0.5f}}, List.of("r"), List.of("a", "b"));
        for (ColorMode mode : ColorMode.values()) {
            String text = plain(Terminal.render(h, TerminalOptions.of(mode).withValues(true)));
            assertTrue(text.contains("-0.25") && text.contains("0.50"), text);
        }
    }

    @Test
    void longTextsWrapIntoBlocksWithinTheWidth() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            tokens.add("w" + i);
        }
        float[][] v = new float[3][120];
        Heatmap h = Heatmap.unitsByTokens("long", v, tokens);
        for (ColorMode mode : ColorMode.values()) {
            String text = plain(Terminal.render(h, TerminalOptions.of(mode).withWidth(60)));
            for (String line : text.split("\n")) {
                if (!line.startsWith("scale") && !line.startsWith("…")) {
                    assertTrue(line.codePointCount(0, line.length()) <= 60, mode + ": " + line);
                }
            }
            assertTrue(text.contains("columns 0–"), text);
            assertTrue(text.contains("w119"));
        }
    }

    @Test
    void manyUnitsAreCountedNotPrinted() {
        float[][] v = new float[100][4];
        for (int u = 0; u < 100; u++) {
            v[u][u % 4] = u == 77 ? 1f : 0.01f;
        }
        Heatmap h = Heatmap.unitsByTokens("wide", v, List.of("a", "b", "c", "d"));
        String text = Terminal.render(h, TerminalOptions.of(ColorMode.SHADES).withMaxRows(10));
        assertTrue(text.contains("… 90 more units not shown (100 in all)"), text);
        Heatmap top = h.topVarying(3);
        assertEquals(3, top.rows());
        assertEquals("77", top.rowLabels().get(0));
    }

    @Test
    void gridSharesOneLegendPerRunOfEqualScales() {
        Heatmap gate = new Heatmap("input", new float[][] {{0.2f}}, List.of("0"), List.of("a"));
        Heatmap cand = new Heatmap("candidate", new float[][] {{-0.2f}}, List.of("0"), List.of("a"));
        HeatmapGrid g = new HeatmapGrid("gates", List.of(gate, gate.withTitle("forget"), cand));
        String text = Terminal.render(g, TerminalOptions.of(ColorMode.SHADES));
        assertEquals(2, text.split("scale:", -1).length - 1, text);
        assertTrue(text.contains("forget") && text.contains("candidate"));
    }

    @Test
    void attentionShowsQueriesAndKeys() {
        String text = plain(Terminal.render(Samples.attention(), TerminalOptions.of(ColorMode.TRUECOLOR).withValues(true)));
        assertTrue(text.contains("head 0") && text.contains("head 1"));
        assertTrue(text.contains("query ↓ key →"));
        assertTrue(text.contains("1.00"));
    }

    @Test
    void tokenStripColoursTheTextAndWraps() {
        String out = Terminal.render(Samples.neuron(), TerminalOptions.of(ColorMode.TRUECOLOR));
        assertTrue(out.contains(ESC + "48;2;"));
        assertTrue(plain(out).contains("say \"hi\" now"), plain(out));
        String shades = Terminal.render(Samples.neuron(), TerminalOptions.of(ColorMode.SHADES));
        String[] lines = shades.split("\n");
        assertEquals("say \"hi\" now", lines[1]);
        assertEquals(lines[1].length(), lines[2].length());
        assertEquals("----   -----", lines[3]);
        String narrow = Terminal.render(Samples.neuron(), TerminalOptions.of(ColorMode.SHADES).withWidth(20));
        assertTrue(narrow.contains("say \"hi\" now"));
    }

    @Test
    void surprisalCaptionAndNewlineBreaks() {
        TokenStrip s = TokenStrip.surprisal("surprisal", List.of("a", "\n", "b"), new float[] {1, 1, 1});
        String out = Terminal.render(s, TerminalOptions.of(ColorMode.SHADES));
        assertTrue(out.contains("a↵\n"), out);
        assertTrue(out.contains("total 3.000 nats over 3 tokens, mean 1.000, perplexity 2.718"), out);
    }

    @Test
    void linePlotMarksEachSeries() {
        String text = plain(Terminal.render(Samples.loss(), TerminalOptions.of(ColorMode.ANSI256).withWidth(70)));
        assertTrue(text.contains("* train") && text.contains("o validation"), text);
        assertTrue(text.contains("step"));
        assertTrue(text.contains("3.6"));
    }

    @Test
    void tableAlignsNumbersRight() {
        String text = Terminal.render(Samples.table(), TerminalOptions.of(ColorMode.SHADES));
        assertTrue(text.contains("embed  (T, 32)        2,048"), text);
        assertTrue(text.contains("lstm   (T, 128)      82,432"), text);
        assertTrue(text.endsWith("total parameters: 84,480\n"));
    }
}
