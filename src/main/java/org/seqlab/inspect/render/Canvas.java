package org.seqlab.inspect.render;

/**
 * What a figure draws on, in pixels from the top-left corner: implemented once for PNG (Java2D) and
 * once for SVG (XML text), so a picture's layout is written once. Text is monospaced and measured by
 * {@link #textWidth}, the same in both, so the layouts agree.
 */
interface Canvas {

    enum Anchor { START, MIDDLE, END }

    /** Advance of one monospaced character as a fraction of the font size (DejaVu Sans Mono). */
    double CHAR_WIDTH = 0.602;

    void fillRect(double x, double y, double w, double h, int rgb);

    void strokeRect(double x, double y, double w, double h, int rgb);

    void line(double x1, double y1, double x2, double y2, int rgb, double width);

    void polyline(double[] xs, double[] ys, int n, int rgb, double width);

    /** Text with its baseline at y, anchored at x, rotated by degrees about (x, y) (negative: upward). */
    void text(double x, double y, String s, double size, int rgb, Anchor anchor, boolean bold, double degrees);

    default void text(double x, double y, String s, double size, int rgb, Anchor anchor) {
        text(x, y, s, size, rgb, anchor, false, 0);
    }

    static double textWidth(String s, double size) {
        return TokenLabels.width(s) * CHAR_WIDTH * size;
    }
}
