package org.seqlab.inspect.render;

import java.util.ArrayList;
import java.util.List;

/** A {@link Stack}'s figures one under the other, left-aligned. */
final class StackFigure implements Figure {

    private final List<Figure> parts = new ArrayList<>();

    StackFigure(Stack s, boolean values) {
        for (Object p : s.parts()) parts.add(Figure.of(p, values));
    }

    @Override
    public int width() {
        int w = 0;
        for (Figure f : parts) w = Math.max(w, f.width());
        return w;
    }

    @Override
    public int height() {
        int h = 0;
        for (Figure f : parts) h += f.height();
        return h;
    }

    @Override
    public void draw(Canvas c, double x, double y) {
        double at = y;
        for (Figure f : parts) {
            f.draw(c, x, at);
            at += f.height();
        }
    }
}
