package org.seqlab.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.seqlab.backend.TimedBackend;

/**
 * {@code bench ... --breakdown}: where the timed steps' core time went (wall time times the cores the run holds:
 * a product split over two threads costs both cores its wall time, two shards' products running side by side
 * their own), by kind of backend work, the rest ("framework": the layers' bookkeeping, the batcher, the step loop,
 * cores waiting for one another), and the products' GFLOP/s per core, against the machine's peak per core.
 *
 * @param seconds core-seconds per category, over the timed steps
 * @param gemmFlops floating-point operations of the products over the timed steps
 * @param wall the timed steps' core-seconds (wall-clock seconds times the threads)
 */
record Breakdown(Map<TimedBackend.Category, Double> seconds, long gemmFlops, double wall) {

    static Breakdown of(TimedBackend timer, double wallSeconds, int threads) {
        return new Breakdown(timer.seconds(), timer.gemmFlops(), wallSeconds * Math.max(1, threads));
    }

    double framework() {
        return Math.max(0, wall - seconds.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    double gemmGflops() {
        double s = seconds.get(TimedBackend.Category.GEMM);
        return s > 0 ? gemmFlops / s / 1e9 : Double.NaN;
    }

    void print(PrintStream out) {
        out.println("where the time goes (timed steps, share of the cores' time)");
        for (Map.Entry<TimedBackend.Category, Double> e : seconds.entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %5.1f%%  %.3f s%n", e.getKey().name().toLowerCase(Locale.ROOT), 100 * e.getValue() / wall, e.getValue());
        }
        out.printf(Locale.ROOT, "  %-20s %5.1f%%  %.3f s%n", "framework", 100 * framework() / wall, framework());
        out.printf(Locale.ROOT, "  %-20s %.1f GFLOP/s per core (%.1f GFLOP in %.3f core-s)%n", "products reach", gemmGflops(),
                gemmFlops / 1e9, seconds.get(TimedBackend.Category.GEMM));
    }

    /** The JSON members ("breakdown":{...},"gemm_gflops":..). */
    String json() {
        StringBuilder sb = new StringBuilder(",\"breakdown\":{");
        for (Map.Entry<TimedBackend.Category, Double> e : seconds.entrySet()) {
            sb.append(String.format(Locale.ROOT, "\"%s\":%.4g,", e.getKey().name().toLowerCase(Locale.ROOT), e.getValue() / wall));
        }
        sb.append(String.format(Locale.ROOT, "\"framework\":%.4g},\"gemm_gflops\":%.4g", framework() / wall, gemmGflops()));
        return sb.toString();
    }
}
