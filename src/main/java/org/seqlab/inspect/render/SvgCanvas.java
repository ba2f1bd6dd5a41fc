package org.seqlab.inspect.render;

import java.util.Locale;

/** A canvas that writes SVG 1.1 elements as text; {@link #finish()} gives the whole document. */
final class SvgCanvas implements Canvas {

    static final String FONT = "'DejaVu Sans Mono', Menlo, Consolas, monospace";

    private final int width;
    private final int height;
    private final StringBuilder body = new StringBuilder();

    SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The document: an {@code <svg>} element with a white background and the drawn elements. */
    String finish() {
        return finish(true);
    }

    /**
     * The {@code <svg>} element; {@code standalone} adds the XML namespace a file needs (an SVG inside
     * an HTML page needs none, and the page then names no URL at all).
     */
    String finish(boolean standalone) {
        return "<svg" + (standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "") + " width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"" + FONT + "\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n";
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(SeriesStyle.hex(rgb)).append("\"/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"none\" stroke=\"").append(SeriesStyle.hex(rgb))
                .append("\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(SeriesStyle.hex(rgb))
                .append("\" stroke-width=\"").append(n(width)).append("\"/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int count, int rgb, double width) {
        body.append("<polyline fill=\"none\" stroke=\"").append(SeriesStyle.hex(rgb)).append("\" stroke-width=\"")
                .append(n(width)).append("\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < count; i++) {
            body.append(i > 0 ? " " : "").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        body.append("\"/>\n");
    }

    @Override
    public void text(double x, double y, String s, double size, int rgb, Anchor anchor, boolean bold, double degrees) {
        if (s.isEmpty()) {
            return;
        }
        String a = anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end";
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append("\" fill=\"").append(SeriesStyle.hex(rgb)).append("\" text-anchor=\"").append(a).append('"');
        if (bold) {
            body.append(" font-weight=\"bold\"");
        }
        if (degrees != 0) {
            body.append(" transform=\"rotate(").append(n(degrees)).append(' ').append(n(x)).append(' ').append(n(y))
                    .append(")\"");
        }
        body.append(" xml:space=\"preserve\">").append(Xml.escape(s)).append("</text>\n");
    }

    private static String n(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
