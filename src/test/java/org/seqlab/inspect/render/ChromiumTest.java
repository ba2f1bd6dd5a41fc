package org.seqlab.inspect.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML files in headless Chromium (Debian's {@code chromium} package) and checks that the
 * screenshot shows the map: enough pixels in the colour ramps' ranges. Skipped where Chromium is absent.
 */
@Tag("slow")
class ChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void attentionHeadViewShowsTheWeightMatrixAndTheLines() throws Exception {
        BufferedImage shot = screenshot(Samples.attention());
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                blue += b > 120 && b > r + 60 && g < b ? 1 : 0;
                orange += r > 200 && g > 100 && g < 180 && b < 80 ? 1 : 0;
            }
        }
        assertTrue(blue > 2000, "matrix cells in the blues: " + blue);
        assertTrue(orange > 200, "head 1's button and lines in orange: " + orange);
    }

    @Test
    void heatmapTableShowsBothSigns() throws Exception {
        BufferedImage shot = screenshot(Samples.hidden());
        int red = 0;
        int blue = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                int r = rgb >> 16 & 0xff, b = rgb & 0xff;
                red += r > b + 80 ? 1 : 0;
                blue += b > r + 80 ? 1 : 0;
            }
        }
        assertTrue(red > 2000 && blue > 2000, "red " + red + ", blue " + blue);
    }

    private BufferedImage screenshot(Object picture) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path html = dir.resolve("page.html");
        Path png = dir.resolve("shot.png");
        Renderers.write(html, picture);
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--screenshot=" + png, "--window-size=800,600",
                html.toUri().toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), () -> log());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        return img;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
