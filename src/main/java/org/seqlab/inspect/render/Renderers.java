package org.seqlab.inspect.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Writes any of the plain data types ({@link Heatmap}, {@link HeatmapGrid}, {@link AttentionMap},
 * {@link TokenStrip}, {@link LinePlot}, {@link Table}) to a file chosen by its extension: {@code .png}
 * (JDK imaging, headless), {@code .svg} (SVG text) or {@code .html} (one self-contained page). The
 * file is written to a temporary file beside it and renamed into place, so a reader never sees half
 * a picture. Failures are {@link RenderException}s with a one-line message.
 */
public final class Renderers {

    private Renderers() {
    }

    /** Writes the picture to path, choosing the format by extension. */
    public static void write(Path path, Object picture) {
        write(path, picture, false);
    }

    /** As {@link #write(Path, Object)}; {@code values} also writes the numbers into heatmap cells. */
    public static void write(Path path, Object picture, boolean values) {
        byte[] bytes = switch (extension(path)) {
            case "png" -> png(picture, values);
            case "svg" -> svg(picture, values).getBytes(StandardCharsets.UTF_8);
            case "html", "htm" -> html(picture, values).getBytes(StandardCharsets.UTF_8);
            default -> throw new RenderException("cannot write '" + path + "': unknown file type"
                    + (extension(path).isEmpty() ? "" : " '." + extension(path) + "'") + " (use .png, .svg or .html)");
        };
        writeAtomically(path, bytes);
    }

    /** The picture as a PNG image in memory. */
    public static BufferedImage image(Object picture, boolean values) {
        Figure f = Figure.of(picture, values);
        PngCanvas c = new PngCanvas(f.width(), f.height());
        f.draw(c, 0, 0);
        return c.finish();
    }

    /** The picture as a standalone SVG document. */
    public static String svg(Object picture, boolean values) {
        Figure f = Figure.of(picture, values);
        SvgCanvas c = new SvgCanvas(f.width(), f.height());
        f.draw(c, 0, 0);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + c.finish(true);
    }

    /** The picture as one self-contained HTML page (attention maps as a head view). */
    public static String html(Object picture, boolean values) {
        if (picture instanceof AttentionMap a) {
            return HtmlAttention.of(a);
        }
        return HtmlPage.of(picture, values);
    }

    private static byte[] png(Object picture, boolean values) {
        BufferedImage img = image(picture, values);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new RenderException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new RenderException("cannot encode PNG: " + e.getMessage());
        }
        return out.toByteArray();
    }

    static String extension(Path path) {
        Path name = path.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** A temporary file is private (0600); the picture gets the old file's permissions, or rw-r--r--. */
    private static void readableByAll(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    private static void writeAtomically(Path path, byte[] bytes) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            if (Files.isDirectory(target)) {
                throw new RenderException("cannot write '" + path + "': it is a directory");
            }
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            readableByAll(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (NoSuchFileException e) {
            throw new RenderException("cannot write '" + path + "': no such directory '" + dir + "'");
        } catch (IOException e) {
            throw new RenderException("cannot write '" + path + "': " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file stays behind; the error above is what the user needs
                }
            }
        }
    }
}
