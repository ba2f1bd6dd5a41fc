package org.seqlab.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code log="run.jsonl"}: one JSON object per step, appended, flushed at each validation and at the end:
 * {"step":..,"epoch":..,"loss":..,"val_loss":..,"val":"sampled"|"full","val_batches":..,"val_split_batches":..
 * (those four when validation ran),"lr":..,"grad_norm":.. (before clipping, when measured),"tokens_per_s":..,"elapsed":..}.
 */
public final class RunLog implements Closeable {
    private final BufferedWriter w;

    private RunLog(BufferedWriter w) {
        this.w = w;
    }

    /** Opens (appending) the log at path; an IOException becomes a message naming the path. */
    public static RunLog open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            return new RunLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(StepReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"step\":%d,\"epoch\":%d,\"loss\":%s", r.step(), r.epoch(), num(r.loss())));
        if (r.validated()) {
            sb.append(",\"val_loss\":").append(num(r.valLoss()));
            sb.append(String.format(Locale.ROOT, ",\"val\":\"%s\",\"val_batches\":%d,\"val_split_batches\":%d",
                    r.sampledValidation() ? "sampled" : "full", r.valBatches(), r.valSplitBatches()));
        }
        sb.append(",\"lr\":").append(num(r.lr()));
        if (!Double.isNaN(r.gradNorm())) sb.append(",\"grad_norm\":").append(num(r.gradNorm()));
        sb.append(String.format(Locale.ROOT, ",\"tokens_per_s\":%.1f,\"elapsed\":%.3f}", r.tokensPerS(), r.elapsed()));
        try {
            w.write(sb.toString());
            w.newLine();
            if (r.validated()) w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log: " + e.getMessage(), e);
        }
    }

    /** JSON has no NaN or Infinity: those are written as null. */
    private static String num(double v) {
        if (!Double.isFinite(v)) return "null";
        return Double.toString(v);
    }

    @Override
    public void close() {
        try {
            w.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log: " + e.getMessage(), e);
        }
    }
}
