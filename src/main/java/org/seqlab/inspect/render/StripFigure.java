package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A token strip as a picture: the text flowing in lines of at most 960 pixels, each token on its
 * value's colour; newline tokens show as '↵' and break the line; a colour bar and the caption below.
 */
final class StripFigure implements Figure {

    private static final double SIZE = 15;
    private static final double LINE = 24;
    private static final double MAX_W = 960;
    private static final double PAD = HeatmapFigure.PAD;

    private record Box(double x, double y, double w, String text, int index) {
    }

    private final TokenStrip s;
    private final List<Box> boxes = new ArrayList<>();
    private final double textW;
    private final double textH;
    private final double titleH;

    StripFigure(TokenStrip s) {
        this.s = s;
        boolean joined = s.joined();
        double x = 0;
        double y = 0;
        double widest = 0;
        for (int i = 0; i < s.tokens().size(); i++) {
            String tok = s.tokens().get(i);
            String shown = joined && tok.equals(" ") ? " " : TokenLabels.visible(tok);
            double w = Canvas.textWidth(shown, SIZE) + (joined ? 0 : 6);
            double gap = joined || x == 0 ? 0 : 4;
            if (x > 0 && x + gap + w > MAX_W) {
                x = 0;
                y += LINE;
                gap = 0;
            }
            boxes.add(new Box(x + gap, y, w, shown, i));
            x += gap + w;
            widest = Math.max(widest, x);
            if (tok.endsWith("\n")) {
                x = 0;
                y += LINE;
            }
        }
        this.textW = widest;
        this.textH = (x == 0 && y > 0 ? y : y + LINE);
        this.titleH = s.title().isEmpty() ? 0 : 24;
    }

    @Override
    public int width() {
        return (int) Math.ceil(2 * PAD + Math.max(Math.max(textW, 280), Canvas.textWidth(s.caption(), 12)));
    }

    @Override
    public int height() {
        return (int) Math.ceil(2 * PAD + titleH + textH + 12 + 34 + (s.caption().isEmpty() ? 0 : 20));
    }

    @Override
    public void draw(Canvas c, double x0, double y0) {
        double top = y0 + PAD;
        if (!s.title().isEmpty()) {
            c.text(x0 + PAD, top + 15, s.title(), 15, 0x222222, Canvas.Anchor.START, true, 0);
            top += titleH;
        }
        for (Box b : boxes) {
            int rgb = s.scale().rgb(s.values()[b.index()]);
            c.fillRect(x0 + PAD + b.x(), top + b.y() + 2, b.w(), LINE - 4, rgb);
            c.text(x0 + PAD + b.x() + b.w() / 2, top + b.y() + LINE - 8, b.text(), SIZE,
                    ColorRamp.isLight(rgb) ? 0x000000 : 0xffffff, Canvas.Anchor.MIDDLE);
        }
        double ly = top + textH + 12;
        legend(c, x0 + PAD, ly);
        if (!s.caption().isEmpty()) {
            c.text(x0 + PAD, ly + 34 + 14, s.caption(), 12, 0x333333, Canvas.Anchor.START);
        }
    }

    /** A horizontal colour bar, 200 pixels, with the scale's ends (and 0 when diverging). */
    private void legend(Canvas c, double x, double y) {
        Scale sc = s.scale();
        int steps = 50;
        double w = 200;
        for (int i = 0; i < steps; i++) {
            float v = (float) (sc.min() + (sc.max() - sc.min()) * (i + 0.5) / steps);
            c.fillRect(x + w * i / steps, y, w / steps + 0.5, 12, sc.rgb(v));
        }
        c.strokeRect(x, y, w, 12, 0x999999);
        int d = Numbers.decimals(sc);
        c.text(x, y + 26, Numbers.format(sc.min(), d), 11, 0x333333, Canvas.Anchor.START);
        c.text(x + w, y + 26, Numbers.format(sc.max(), d), 11, 0x333333, Canvas.Anchor.END);
        if (sc.kind() == Scale.Kind.DIVERGING) {
            c.text(x + w * sc.position(0), y + 26, "0", 11, 0x333333, Canvas.Anchor.MIDDLE);
        }
    }
}
