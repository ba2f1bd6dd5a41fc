package org.seqlab.lang.run;

import org.seqlab.lang.ast.Args;
import org.seqlab.train.TrainConfig;

/**
 * The options of a {@code train} statement as a {@link TrainConfig}, with the defaults of the spec
 * table. Choices: clip defaults to 5 (global norm) for models with recurrent layers, as in char-rnn,
 * and to none otherwise; the run's seed is {@code seed=} or the session's.
 */
final class TrainOptions {

    private TrainOptions() {
    }

    static TrainConfig from(Args a, long sessionSeed, boolean recurrent) {
        long steps = (long) a.number("steps").orElse(0);
        int epochs = (int) a.number("epochs").orElse(1);
        int batch = (int) a.number("batch").orElse(32);
        int seq = (int) a.number("seq").orElse(64);
        float lr = (float) a.number("lr").orElse(1e-3);
        String optimizer = a.text("optimizer").orElse("adam");
        float momentum = (float) a.number("momentum").orElse(0);
        boolean nesterov = a.has("nesterov") || a.text("nesterov").map(t -> t.equals("true") || t.equals("1")).orElse(false);
        // clip=off: no clipping at all (the gradient norm is still measured and reported).
        float clip = a.text("clip").filter("off"::equals).isPresent() ? 0 : (float) a.number("clip").orElse(recurrent ? 5 : 0);
        float wd = (float) a.number("weight_decay").orElse(Double.NaN);
        String schedule = a.text("schedule").orElse("constant");
        int warmup = (int) a.number("warmup").orElse(0);
        long seed = (long) a.number("seed").orElse(sessionSeed);
        String log = a.text("log").orElse(null);
        int validate = (int) a.number("validate").orElse(0);
        float beta1 = (float) a.number("beta1").orElse(TrainConfig.BETA1);
        float beta2 = (float) a.number("beta2").orElse(TrainConfig.BETA2);
        return new TrainConfig(steps, epochs, batch, seq, lr, optimizer, momentum, nesterov, clip, wd, schedule, warmup,
                seed, log, validate, beta1, beta2);
    }
}
