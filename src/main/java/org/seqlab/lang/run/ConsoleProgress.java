package org.seqlab.lang.run;

import java.io.PrintStream;
import java.util.Locale;
import org.seqlab.train.Progress;
import org.seqlab.train.StepReport;
import org.seqlab.session.StatusLine;

/**
 * Training progress for people. On a terminal (a console, writing to the real stdout) one status line
 * is rewritten in place with a carriage return, at most ten times a second, and a line is kept at each
 * validation; elsewhere (pipes, files, CI) plain lines at each validation and epoch end. With a
 * {@link StatusLine} (a background run in the REPL) the live line goes there instead, at the same
 * pace, while the plain lines go to {@code out}; the status line is cleared when the run ends.
 */
final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final boolean live;
    private final StatusLine status;
    private long lastDraw;
    private boolean lineOpen;
    private int width;

    ConsoleProgress(PrintStream out) {
        this(out, StatusLine.NONE);
    }

    ConsoleProgress(PrintStream out, StatusLine status) {
        this.out = out;
        this.status = status;
        this.live = status == StatusLine.NONE && System.console() != null && out == System.out;
    }

    @Override public void start(String what, long total) {
        out.printf(Locale.ROOT, "training on %s: %,d steps%n", what, total);
    }

    @Override public void step(StepReport r) {
        if (live) {
            long now = System.nanoTime();
            if (r.validated() || r.epochEnded() || now - lastDraw > 100_000_000L || r.runStep() == r.runTotal()) {
                String line = status(r);
                out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
                lineOpen = true;
                lastDraw = now;
                if (r.validated()) {
                    out.println();
                    lineOpen = false;
                    width = 0;
                }
                out.flush();
            }
        } else {
            if (status != StatusLine.NONE) {
                long now = System.nanoTime();
                if (now - lastDraw > 100_000_000L || r.validated() || r.epochEnded() || r.runStep() == r.runTotal()) {
                    status.show(status(r));
                    lastDraw = now;
                }
            }
            if (r.validated() || r.epochEnded()) out.println(status(r));
        }
    }

    private static String status(StepReport r) {
        StringBuilder sb = new StringBuilder();
        int pct = (int) (100 * r.runStep() / Math.max(1, r.runTotal()));
        sb.append(String.format(Locale.ROOT, "epoch %d  step %d (%d/%d, %d%%)  loss %.4f", r.epoch(), r.step(), r.runStep(),
                r.runTotal(), pct, r.loss()));
        if (r.validated()) sb.append(String.format(Locale.ROOT, "  val_loss %.4f %s", r.valLoss(), r.validationKind()));
        if (Double.isFinite(r.gradNorm())) sb.append(String.format(Locale.ROOT, "  grad_norm %.3g", r.gradNorm()));
        sb.append(String.format(Locale.ROOT, "  %,.0f tok/s", r.tokensPerS()));
        double eta = r.eta();
        if (r.runStep() < r.runTotal() && Double.isFinite(eta)) sb.append("  ETA ").append(time(eta));
        return sb.toString();
    }

    private static String time(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }

    @Override public void message(String line) {
        pause();
        out.println(line);
    }

    @Override public void pause() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
            width = 0;
        }
    }

    @Override public void end(StepReport last, String how) {
        pause();
        status.clear();
        if (last != null) {
            out.printf(Locale.ROOT, "%s (loss %.4f%s, %.1f s, %,.0f tokens/s)%n", how, last.loss(),
                    Double.isNaN(last.valLoss()) ? "" : String.format(Locale.ROOT, ", val_loss %.4f %s", last.valLoss(), last.validationKind()),
                    last.elapsed(), last.tokensPerS());
        } else {
            out.println(how);
        }
    }
}
