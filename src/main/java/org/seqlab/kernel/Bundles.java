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
 * A picture or table as a Jupyter output bundle. Pictures: {@code image/png}, and where seqlab has an
 * interactive HTML view (heatmaps and token strips with values on hover, the attention head view) a
 * {@code text/html} that shows the same PNG with that view folded below it, in an iframe so its styles and
 * script stay inside. Tables: an HTML table. Always the terminal's text as {@code text/plain}. Everything is
 * inline: nothing is fetched from the network.
 */
final class Bundles {

    private Bundles() {
    }

    static DisplayData of(Object picture, boolean values, String text) {
        DisplayData d = new DisplayData(text);
        if (picture instanceof Table t) {
            d.putHTML(table(t));
            return d;
        }
        BufferedImage img = Renderers.image(picture, values);
        String png = Base64.getEncoder().encodeToString(png(img));
        d.putData("image/png", png);
        d.putMetaData("image/png", java.util.Map.of("width", img.getWidth(), "height", img.getHeight()));
        if (picture instanceof Heatmap || picture instanceof HeatmapGrid || picture instanceof AttentionMap
                || picture instanceof TokenStrip) {
            String view = picture instanceof AttentionMap ? "head view (hover a token)" : "values on hover";
            d.putHTML("<img src=\"data:image/png;base64," + png + "\" width=\"" + img.getWidth() + "\" alt=\""
                    + escape(firstLine(text)) + "\"/>\n<details><summary>interactive: " + view + "</summary>\n"
                    + "<iframe style=\"border:0;width:100%;height:" + Math.min(900, img.getHeight() + 120) + "px\" srcdoc=\""
                    + escape(Renderers.html(picture, values)) + "\"></iframe></details>");
        }
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

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
