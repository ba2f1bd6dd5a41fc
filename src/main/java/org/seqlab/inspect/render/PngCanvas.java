package org.seqlab.inspect.render;

import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * A canvas on a BufferedImage with a white background, antialiased. AWT runs headless. If the JDK
 * cannot draw text (no fonts or no fontconfig on the machine; Debian's {@code fonts-dejavu-core}
 * provides them), the picture is drawn without its text rather than failing.
 */
final class PngCanvas implements Canvas {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final BufferedImage image;
    private final Graphics2D g;
    private boolean textWorks = true;

    PngCanvas(int width, int height) {
        image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    /** False once drawing text has failed on this machine (the picture then has no text). */
    boolean textWorks() {
        return textWorks;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb) {
        g.setColor(new Color(rgb));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.fill(new Rectangle2D.Double(x, y, w, h));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb) {
        g.setColor(new Color(rgb));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
        g.setColor(new Color(rgb));
        g.setStroke(new BasicStroke((float) width));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, int rgb, double width) {
        if (n < 1) {
            return;
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < n; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        g.setColor(new Color(rgb));
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(p);
    }

    @Override
    public void text(double x, double y, String s, double size, int rgb, Anchor anchor, boolean bold, double degrees) {
        if (!textWorks || s.isEmpty()) {
            return;
        }
        try {
            Font font = new Font(Font.MONOSPACED, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
            double w = Canvas.textWidth(s, size);
            double dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            g.rotate(Math.toRadians(degrees));
            g.setFont(font);
            g.setColor(new Color(rgb));
            g.drawString(s, (float) dx, 0f);
            g.setTransform(saved);
        } catch (RuntimeException | LinkageError | AWTError | InternalError e) {
            textWorks = false;
        }
    }
}
