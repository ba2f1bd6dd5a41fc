package org.seqlab.inspect.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class FilesTest {

    @TempDir
    Path dir;

    @Test
    void everyPictureWritesAsPngSvgAndHtml() throws Exception {
        List<Object> all = Samples.all();
        for (int i = 0; i < all.size(); i++) {
            for (String ext : List.of("png", "svg", "html")) {
                Path p = dir.resolve("p" + i + "." + ext);
                Renderers.write(p, all.get(i));
                assertTrue(Files.size(p) > 100, p.toString());
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(all.size() * 3, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void pngDecodesToTheFigureSizeWithColouredCells() throws Exception {
        Path p = dir.resolve("hidden.png");
        Heatmap h = Samples.hidden();
        Renderers.write(p, h);
        BufferedImage img = ImageIO.read(p.toFile());
        Figure f = Figure.of(h, false);
        assertEquals(f.width(), img.getWidth());
        assertEquals(f.height(), img.getHeight());
        int red = 0;
        int blue = 0;
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                red += r > b + 60 ? 1 : 0;
                blue += b > r + 60 ? 1 : 0;
                dark += r + g + b < 200 ? 1 : 0;
            }
        }
        assertTrue(red > 500 && blue > 500, "cells of both signs: red " + red + ", blue " + blue);
        assertTrue(dark > 50, "some text or dark cells: " + dark);
    }

    @Test
    void pngOfALinePlotHasBothSeriesColours() throws Exception {
        BufferedImage img = Renderers.image(Samples.loss(), false);
        assertEquals(800, img.getWidth());
        assertEquals(480, img.getHeight());
        assertTrue(count(img, SeriesStyle.color(0)) > 100);
        assertTrue(count(img, SeriesStyle.color(1)) > 50);
    }

    /** compare's lines often lie on each other (two models that both solve a task): each stays visible. */
    @Test
    void coincidingSeriesStayApartByDashAndMarker() throws Exception {
        double[] x = {10, 20, 50}, y = {0.01, 0.01, 0.02};
        LinePlot p = new LinePlot("loss against length", "length", "loss", List.of(new LinePlot.Series("lstm", x, y),
                new LinePlot.Series("gru", x, y), new LinePlot.Series("srn", x, new double[] {0.01, 0.1, 0.17})));
        String svg = Renderers.svg(p, false);
        String blue = SeriesStyle.hex(SeriesStyle.color(0)), orange = SeriesStyle.hex(SeriesStyle.color(1));
        // The first series: a solid polyline and filled squares; the second, drawn over it: dash segments and rings.
        assertEquals(2, count(svg, "<polyline fill=\"none\" stroke=\"" + blue), "the line and its legend sample");
        assertTrue(count(svg, "fill=\"" + blue) >= 3, "squares at the first series' points");
        assertTrue(count(svg, "<line") >= 20, "the dashed series are drawn as many short segments");
        assertTrue(count(svg, "<polyline fill=\"none\" stroke=\"" + orange) >= 4, "rings at the second series' 3 points and in the legend");
        assertEquals(0, SeriesStyle.dash(0).length);
        assertTrue(SeriesStyle.dash(1).length > 0 && SeriesStyle.dash(2).length > 0);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    @Test
    void svgIsWellFormedXmlWithTheLabels() throws Exception {
        for (Object picture : Samples.all()) {
            String svg = Renderers.svg(picture, true);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        }
        String svg = Renderers.svg(Samples.hidden(), false);
        assertTrue(svg.contains(">fish</text>") && svg.contains(">↵</text>"), svg);
        assertTrue(svg.contains("fill=\"#"));
    }

    @Test
    void htmlIsSelfContainedAndCarriesTheData() {
        Pattern external = Pattern.compile("(?i)(src\\s*=|href\\s*=|url\\(|@import|fetch\\(|XMLHttpRequest|https?://(?!www\\.w3\\.org/2000/svg))");
        for (Object picture : Samples.all()) {
            String html = Renderers.html(picture, false);
            assertTrue(html.startsWith("<!DOCTYPE html>"));
            assertFalse(external.matcher(html).find(), "external reference in " + picture.getClass().getSimpleName());
        }
        String heat = Renderers.html(Samples.hidden(), false);
        assertTrue(heat.contains("data-v=\"0.841\""), "sin(1) of unit 1 at token 0");
        assertTrue(heat.contains(">fish</th>"));
        String attn = Renderers.html(Samples.attention(), false);
        assertTrue(attn.contains("\"heads\":[\"head 0\",\"head 1\"]"));
        assertTrue(attn.contains("\"queries\":[\"put\",\"your\",\"money\",\"in\",\"bank\"]"));
        assertTrue(attn.contains("[1.0000,0.0000,0.0000,0.0000,0.0000]"));
    }

    @Test
    void tokensCannotBreakOutOfTheHtml() {
        AttentionMap a = AttentionMap.self("x", List.of("</script><b>", "&"), List.<float[][]>of(new float[][] {{1, 0}, {0.5f, 0.5f}}));
        String html = Renderers.html(a, false);
        assertFalse(html.contains("</script><b>"));
        Heatmap h = new Heatmap("<t>", new float[][] {{1}}, List.of("<r>"), List.of("\"c\""));
        String page = Renderers.html(h, false);
        assertFalse(page.contains("<r>") || page.contains("<t>"));
    }

    @Test
    void unknownExtensionIsAClearError() {
        RenderException e = assertThrows(RenderException.class, () -> Renderers.write(dir.resolve("x.jpg"), Samples.hidden()));
        assertTrue(e.getMessage().contains("unknown file type '.jpg' (use .png, .svg or .html)"), e.getMessage());
        RenderException missing = assertThrows(RenderException.class,
                () -> Renderers.write(dir.resolve("no/such/dir/x.png"), Samples.hidden()));
        assertTrue(missing.getMessage().startsWith("cannot write"), missing.getMessage());
    }

    @Test
    void rewritingReplacesTheFile() throws Exception {
        Path p = dir.resolve("t.svg");
        Renderers.write(p, Samples.table());
        Renderers.write(p, Samples.hidden());
        assertTrue(Files.readString(p).contains("hidden layer 1"));
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
