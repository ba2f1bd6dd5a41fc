package org.seqlab.kernel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.seqlab.inspect.render.AttentionMap;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.HeatmapGrid;
import org.seqlab.inspect.render.Renderers;
import org.seqlab.inspect.render.Table;
import org.seqlab.inspect.render.TokenStrip;

/**
 * A picture or table as Jupyter output bundles. Pictures: {@code image/png}, followed where seqlab has an
 * interactive HTML view (heatmaps and token strips with values on hover, the attention head view) by that
 * view as {@code text/html}. Tables: an HTML table. Always the terminal's text as {@code text/plain}.
 * Everything is inline: nothing is fetched from the network.
 */
final class Bundles {

    private Bundles() {
    }

    /** The picture: {@code image/png} (or an HTML table for a {@link Table}), with the text as {@code text/plain}. */
    static DisplayData of(Object picture, boolean values, String text) {
        DisplayData d = new DisplayData(text);
        if (picture instanceof Table t) {
            d.putHTML(table(t));
            return d;
        }
        BufferedImage img = Renderers.image(picture, values);
        d.putData("image/png", Base64.getEncoder().encodeToString(png(img)));
        return d;
    }

    /**
     * The interactive HTML view of a picture that has one (heatmaps and token strips: values on hover;
     * attention: the head view), folded under a summary line, in an iframe so its styles and script stay
     * inside; null for the others. A display of its own, so the picture's bundle stays a plain image that
     * every notebook viewer shows.
     */
    static DisplayData view(Object picture, boolean values) {
        if (!(picture instanceof Heatmap || picture instanceof HeatmapGrid || picture instanceof AttentionMap
                || picture instanceof TokenStrip)) {
            return null;
        }
        String what = picture instanceof AttentionMap ? "head view (hover a token)" : "values on hover";
        int height = Math.min(900, Renderers.image(picture, values).getHeight() + 120);
        DisplayData d = new DisplayData("(interactive " + what + ": shown in Jupyter)");
        d.putHTML("<details><summary>interactive: " + what + "</summary>\n<iframe style=\"border:0;width:100%;height:"
                + height + "px\" srcdoc=\"" + escape(Renderers.html(picture, values)) + "\"></iframe></details>");
        return d;
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A table as HTML; numeric columns right-aligned, the title as caption, the footer under it. */
    static String table(Table t) {
        StringBuilder sb = new StringBuilder("<table>");
        if (!t.title().isEmpty()) sb.append("<caption style=\"text-align:left\">").append(escape(t.title())).append("</caption>");
        sb.append("<thead><tr>");
        for (String h : t.header()) sb.append("<th>").append(escape(h)).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (List<String> row : t.rows()) {
            sb.append("<tr>");
            for (String c : row) {
                boolean num = c.strip().matches("[-+]?[0-9][0-9,_]*(\\.[0-9]+)?([eE][-+]?[0-9]+)?%?");
                sb.append(num ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">").append(escape(c)).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        for (String f : t.footer()) sb.append("<div>").append(escape(f)).append("</div>");
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
