package org.seqlab.train;

/**
 * The options of one {@code train} statement, defaults already applied.
 *
 * @param steps         optimizer steps for this run, or 0 to run {@code epochs} passes instead
 * @param epochs        passes over the training split (when steps is 0)
 * @param batch         sequences per batch (B)
 * @param seq           time steps per batch for corpora (T, the truncated-BPTT length)
 * @param lr            peak learning rate
 * @param optimizer     sgd | adam | adamw | rmsprop
 * @param momentum      sgd/rmsprop momentum
 * @param nesterov      sgd Nesterov momentum
 * @param clip          global gradient-norm limit; 0 for none
 * @param weightDecay   weight decay; NaN for the optimizer's own default (adamw 1e-2, others 0)
 * @param schedule      constant | step | cosine | linear (after the warm-up)
 * @param warmup        steps of linear warm-up from 0 to lr
 * @param seed          the run's seed (example order)
 * @param log           path of a JSON-lines log, or null
 * @param validateEvery steps between validation runs ({@code val_every}); 0 chooses, see {@link #validationInterval}
 * @param beta1         adam/adamw first-moment decay (PyTorch's default 0.9)
 * @param beta2         adam/adamw second-moment decay (PyTorch's default 0.999; nanoGPT trains with 0.99)
 * @param valBatches    batches of the validation split each validation scores ({@code val_batches}), the split's
 *                      first; 0 for all of them ({@code evaluate} always scores all)
 * @param valBudget     valBatches is the default, not the user's: a short run scores fewer, see {@link #validationBatches}
 */
public record TrainConfig(long steps, int epochs, int batch, int seq, float lr, String optimizer, float momentum,
                          boolean nesterov, float clip, float weightDecay, String schedule, int warmup, long seed,
                          String log, int validateEvery, float beta1, float beta2, int valBatches, boolean valBudget) {

    public static final float BETA1 = 0.9f, BETA2 = 0.999f;

    /** Batches a validation scores when {@code val_batches} is left out (fewer in a short run: {@link #validationBatches}). */
    public static final int DEFAULT_VAL_BATCHES = 20;

    /**
     * What one validation batch costs, in training steps of the same model: its forward pass. Measured on the
     * 2x512 LSTM (B50 T50): 0.5 to 0.63, since the recurrence's small per-step products dominate the forward and
     * the backward alike (not the third a count of floating-point operations suggests).
     */
    static final double VALIDATION_BATCH_COST = 2.0 / 3;

    /** With the validation batches the user chose (or all of them: 0). */
    public TrainConfig(long steps, int epochs, int batch, int seq, float lr, String optimizer, float momentum,
                       boolean nesterov, float clip, float weightDecay, String schedule, int warmup, long seed,
                       String log, int validateEvery, float beta1, float beta2, int valBatches) {
        this(steps, epochs, batch, seq, lr, optimizer, momentum, nesterov, clip, weightDecay, schedule, warmup, seed,
                log, validateEvery, beta1, beta2, valBatches, false);
    }

    /** Validating the whole split each time. */
    public TrainConfig(long steps, int epochs, int batch, int seq, float lr, String optimizer, float momentum,
                       boolean nesterov, float clip, float weightDecay, String schedule, int warmup, long seed,
                       String log, int validateEvery, float beta1, float beta2) {
        this(steps, epochs, batch, seq, lr, optimizer, momentum, nesterov, clip, weightDecay, schedule, warmup, seed,
                log, validateEvery, beta1, beta2, 0);
    }

    /** With PyTorch's default betas. */
    public TrainConfig(long steps, int epochs, int batch, int seq, float lr, String optimizer, float momentum,
                       boolean nesterov, float clip, float weightDecay, String schedule, int warmup, long seed,
                       String log, int validateEvery) {
        this(steps, epochs, batch, seq, lr, optimizer, momentum, nesterov, clip, weightDecay, schedule, warmup, seed,
                log, validateEvery, BETA1, BETA2);
    }

    /**
     * Batches each validation of a run of {@code total} steps scores (0: the whole split): {@code val_batches} as
     * given; by default {@code valBatches} (20), but in a run shorter than ten times that, one per ten steps (at
     * least one), so that even a run that validates only at its end spends about a tenth of its time on it.
     */
    public int validationBatches(long total) {
        if (valBatches <= 0 || !valBudget) return valBatches;
        return (int) Math.max(1, Math.min(valBatches, total / 10));
    }

    /**
     * The validation interval for a run of {@code total} steps: {@code val_every} when given; else about ten
     * validations per run, at most 200 steps apart, and, when each scores at most B = {@link #validationBatches}
     * batches, at least {@code 20 * B / 3} steps apart: a batch's forward pass costs about two thirds of a training
     * step ({@link #VALIDATION_BATCH_COST}), so validation between the ends takes about a tenth of the run's time.
     * (The run's last step validates too, and each epoch's end.)
     */
    public int validationInterval(long total) {
        if (validateEvery > 0) return validateEvery;
        int often = (int) Math.max(1, Math.min(200, total / 10));
        int b = validationBatches(total);
        return b > 0 ? Math.max(often, (int) Math.ceil(10 * VALIDATION_BATCH_COST * b - 1e-9)) : often;
    }
}
