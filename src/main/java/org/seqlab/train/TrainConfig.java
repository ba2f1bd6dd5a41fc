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
 */
public record TrainConfig(long steps, int epochs, int batch, int seq, float lr, String optimizer, float momentum,
                          boolean nesterov, float clip, float weightDecay, String schedule, int warmup, long seed,
                          String log, int validateEvery, float beta1, float beta2, int valBatches) {

    public static final float BETA1 = 0.9f, BETA2 = 0.999f;

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
     * The validation interval for a run of {@code total} steps: {@code val_every} when given; else about ten
     * validations per run, at most 200 steps apart, and, when each scores at most {@code valBatches} batches, at
     * least {@code 10 * valBatches / 3} steps apart: a batch's forward pass costs about a third of a training step
     * (forward, backward, update), so validation stays near a tenth of the run's work however short the run.
     * (The run's last step validates too, and each epoch's end.)
     */
    public int validationInterval(long total) {
        if (validateEvery > 0) return validateEvery;
        int often = (int) Math.max(1, Math.min(200, total / 10));
        return valBatches > 0 ? Math.max(often, (10 * valBatches + 2) / 3) : often;
    }
}
