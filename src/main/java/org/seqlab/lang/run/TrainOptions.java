package org.seqlab.lang.run;

import org.seqlab.lang.ast.Args;
import org.seqlab.train.TrainConfig;

/**
 * The options of a checked {@code train} (or {@code compare}) statement as a {@link TrainConfig}. The checker
 * has written the spec table's fixed defaults into the arguments, so every option is read as given: nothing
 * here falls back to a default of its own. What the spec calls computed is worked out here: clip is 5
 * (global norm) for models with recurrent layers, as in char-rnn, and off otherwise; the run's seed is
 * {@code seed=} or the session's; weight decay left out is the optimizer's own (NaN); validation every
 * {@code val_every} steps ({@code validate} is its older name; neither: see {@link TrainConfig#validationInterval}) on
 * {@code val_batches} batches (left out: see {@link TrainConfig#validationBatches}).
 */
final class TrainOptions {

    /** char-rnn's gradient-norm limit, for models with recurrent layers when {@code clip=} is not given. */
    static final float RECURRENT_CLIP = 5;

    private TrainOptions() {
    }

    static TrainConfig from(Args a, long sessionSeed, boolean recurrent) {
        long steps = (long) a.number("steps").orElse(0);    // not given: run epochs= passes
        int epochs = (int) a.checkedNumber("epochs");
        int batch = (int) a.checkedNumber("batch");
        int seq = (int) a.checkedNumber("seq");
        float lr = (float) a.checkedNumber("lr");
        String optimizer = a.checkedText("optimizer");
        float momentum = (float) a.checkedNumber("momentum");
        boolean nesterov = a.has("nesterov");
        // clip=off: no clipping at all (the gradient norm is still measured and reported).
        float clip = a.text("clip").filter("off"::equals).isPresent() ? 0
                : (float) a.number("clip").orElse(recurrent ? RECURRENT_CLIP : 0);
        float wd = (float) a.number("weight_decay").orElse(Double.NaN);
        String schedule = a.checkedText("schedule");
        int warmup = (int) a.checkedNumber("warmup");
        long seed = (long) a.number("seed").orElse(sessionSeed);
        String log = a.text("log").orElse(null);
        int validate = (int) a.number("val_every").orElse(a.number("validate").orElse(0));
        // val_batches left out: the default, which a short run scales down (TrainConfig.validationBatches).
        boolean valBudget = a.value("val_batches").isEmpty();
        int valBatches = valBudget ? TrainConfig.DEFAULT_VAL_BATCHES
                : a.text("val_batches").filter("all"::equals).isPresent() ? 0 : (int) a.number("val_batches").orElseThrow();
        float beta1 = (float) a.checkedNumber("beta1");
        float beta2 = (float) a.checkedNumber("beta2");
        return new TrainConfig(steps, epochs, batch, seq, lr, optimizer, momentum, nesterov, clip, wd, schedule, warmup,
                seed, log, validate, beta1, beta2, valBatches, valBudget);
    }
}
