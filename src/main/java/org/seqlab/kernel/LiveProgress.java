package org.seqlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.seqlab.session.StatusLine;

/**
 * The live line of one training run as one display in the cell, updated in place
 * ({@code update_display_data}): the progress text (step, loss, val_loss, tokens/s, ETA) and a small
 * curve of the loss so far. When the run ends the display keeps its last state.
 */
final class LiveProgress implements StatusLine {
    private static final Pattern LOSS = Pattern.compile("\\bloss (-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|Infinity)");
    private static final int MAX_POINTS = 400;

    private final DisplayStream display;
    private final Publisher publisher;
    private final String id = "seqlab-train-" + UUID.randomUUID();
    private final List<Double> losses = new ArrayList<>();
    private boolean shown;

    LiveProgress(DisplayStream display, Publisher publisher) {
        this.display = display;
        this.publisher = publisher;
    }

    @Override public synchronized void show(String text) {
        Matcher m = LOSS.matcher(text);
        if (m.find()) {
            double loss = Double.parseDouble(m.group(1));
            if (Double.isFinite(loss)) {
                losses.add(loss);
                if (losses.size() > MAX_POINTS) thin();
            }
        }
        DisplayData d = new DisplayData(text);
        d.putHTML("<pre style=\"margin:0\">" + Bundles.escape(text) + "</pre>" + curve());
        if (!shown) {
            d.setDisplayId(id);
            publisher.send(() -> display.display(d));
            shown = true;
        } else {
            publisher.send(() -> display.updateDisplay(id, d));
        }
    }

    /** The run ended: the display keeps its last state (the run's own end line follows as text). */
    @Override public void clear() {
    }

    /** Every other point, so a long run keeps a short curve. */
    private void thin() {
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < losses.size(); i += 2) kept.add(losses.get(i));
        losses.clear();
        losses.addAll(kept);
    }

    /** The losses as an inline SVG polyline, 240 x 48. */
    private String curve() {
        if (losses.size() < 2) return "";
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double v : losses) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double span = hi > lo ? hi - lo : 1;
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < losses.size(); i++) {
            double x = 2 + 236.0 * i / (losses.size() - 1);
            double y = 46 - 44 * (losses.get(i) - lo) / span;
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"48\" style=\"border:1px solid #ddd\">"
                + "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"" + pts.toString().strip() + "\"/></svg>"
                + String.format(Locale.ROOT, "<div style=\"font-size:11px;color:#666\">loss %.4f .. %.4f</div>", lo, hi);
    }
}
