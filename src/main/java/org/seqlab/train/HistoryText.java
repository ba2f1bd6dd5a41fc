package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's loss history as one checkpoint metadata string ({@code history}), so {@code plot loss} after
 * {@code load} draws the whole run: points separated by ';', each {@code step,epoch,loss,val_loss,lr,grad_norm}
 * (NaN where a value was not measured). Text, not a tensor: the file's tensors stay the model's and optimizer's.
 */
final class HistoryText {

    private HistoryText() {
    }

    static String write(List<HistoryPoint> history) {
        StringBuilder out = new StringBuilder(history.size() * 48);
        for (HistoryPoint p : history) {
            if (out.length() > 0) out.append(';');
            out.append(p.step()).append(',').append(p.epoch()).append(',').append(p.loss()).append(',')
                    .append(p.valLoss()).append(',').append(p.lr()).append(',').append(p.gradNorm());
        }
        return out.toString();
    }

    /** The points of {@code text}; an IllegalArgumentException says where it is malformed. */
    static List<HistoryPoint> read(String text) {
        List<HistoryPoint> out = new ArrayList<>();
        if (text.isEmpty()) return out;
        for (String point : text.split(";")) {
            String[] f = point.split(",");
            if (f.length != 6) throw new IllegalArgumentException("history point '" + point + "' does not have 6 fields");
            try {
                out.add(new HistoryPoint(Long.parseLong(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("history point '" + point + "' is not numbers");
            }
        }
        return out;
    }
}
