package org.seqlab.lang.run;

import org.seqlab.lang.ast.Args;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.train.TrainConfig;

/**
 * The options of a {@code train} statement as a {@link TrainConfig}, with the defaults of the spec
 * table (read from it, not repeated here). Choices: clip defaults to 5 (global norm) for models with recurrent layers, as in char-rnn,
 * and to none otherwise; the run's seed is {@code seed=} or the session's. Validation scores the first
 * {@code val_batches} batches of the split (the spec's default, fewer in a short run) every {@code val_every} steps
 * ({@code validate} is its older name); {@code val_batches=all} scores the whole split each time.
 */
final class TrainOptions {

    private TrainOptions() {
    }

    static TrainConfig from(Args a, long sessionSeed, boolean recurrent) {
        long steps = (long) a.number("steps").orElse(0);
        int epochs = (int) a.number("epochs").orElse(number("epochs"));
        int batch = (int) a.number("batch").orElse(number("batch"));
        int seq = (int) a.number("seq").orElse(number("seq"));
        float lr = (float) a.number("lr").orElse(number("lr"));
        String optimizer = a.text("optimizer").orElse(StatementSpecs.defaultText("train", "optimizer"));
        float momentum = (float) a.number("momentum").orElse(number("momentum"));
        boolean nesterov = a.has("nesterov") || a.text("nesterov").map(t -> t.equals("true") || t.equals("1")).orElse(false);
        // clip=off: no clipping at all (the gradient norm is still measured and reported).
        float clip = a.text("clip").filter("off"::equals).isPresent() ? 0 : (float) a.number("clip").orElse(recurrent ? 5 : 0);
        float wd = (float) a.number("weight_decay").orElse(Double.NaN);
        String schedule = a.text("schedule").orElse(StatementSpecs.defaultText("train", "schedule"));
        int warmup = (int) a.number("warmup").orElse(number("warmup"));
        long seed = (long) a.number("seed").orElse(sessionSeed);
        String log = a.text("log").orElse(null);
        int validate = (int) a.number("val_every").orElse(a.number("validate").orElse(0));
        int valBatches = a.text("val_batches").filter("all"::equals).isPresent() ? 0
                : (int) a.number("val_batches").orElse(number("val_batches"));
        // Not given: the default, which a short run scales down (TrainConfig.validationBatches).
        boolean valBudget = a.number("val_batches").isEmpty() && a.text("val_batches").isEmpty();
        float beta1 = (float) a.number("beta1").orElse(number("beta1"));
        float beta2 = (float) a.number("beta2").orElse(number("beta2"));
        return new TrainConfig(steps, epochs, batch, seq, lr, optimizer, momentum, nesterov, clip, wd, schedule, warmup,
                seed, log, validate, beta1, beta2, valBatches, valBudget);
    }

    /** A train option's default as the checker's spec table states it (the one place it is written). */
    private static double number(String option) {
        return StatementSpecs.defaultNumber("train", option);
    }
}
