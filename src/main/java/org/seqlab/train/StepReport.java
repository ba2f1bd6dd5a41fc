package org.seqlab.train;

/**
 * Where a run stands after a step, for progress lines, logs and train-block rules.
 *
 * @param step       optimizer steps taken by the model in all (continues across runs)
 * @param runStep    steps taken in this run (1-based)
 * @param runTotal   steps this run will take
 * @param epoch      epoch the step belongs to (1-based, counted over the model's life)
 * @param epochEnded this step finished a pass over the training split
 * @param loss       the step's training loss (mean per target)
 * @param valLoss    validation loss when computed at this step, else NaN
 * @param valAccuracy validation accuracy when computed and meaningful, else NaN
 * @param lr         the learning rate used
 * @param tokensPerS targets processed per second of this run's training so far
 * @param elapsed    seconds of this run's training: since it started, less the time held at step boundaries
 *                   (paused, serving inspections, running a rule's actions), so a :pause does not slow tok/s or the ETA
 * @param valBatches batches of the validation split the validation scored (0 when none ran)
 * @param valSplitBatches batches in the whole validation split (more than valBatches: the val_loss is a sample)
 * @param gradNorm   the global gradient norm of the step before clipping, NaN where not measured
 */
public record StepReport(long step, long runStep, long runTotal, int epoch, boolean epochEnded, double loss,
                         double valLoss, double valAccuracy, double lr, double tokensPerS, double elapsed,
                         int valBatches, int valSplitBatches, double gradNorm) {

    /** A report without a measured gradient norm. */
    public StepReport(long step, long runStep, long runTotal, int epoch, boolean epochEnded, double loss,
                      double valLoss, double valAccuracy, double lr, double tokensPerS, double elapsed,
                      int valBatches, int valSplitBatches) {
        this(step, runStep, runTotal, epoch, epochEnded, loss, valLoss, valAccuracy, lr, tokensPerS, elapsed,
                valBatches, valSplitBatches, Double.NaN);
    }

    /** Whether the validation of this step scored only part of the split (its first {@link #valBatches} batches). */
    public boolean sampledValidation() {
        return validated() && valBatches < valSplitBatches;
    }

    /** What kind of number val_loss is, for people: "(20/446 batches)" for a sample, "(full)" for the whole split. */
    public String validationKind() {
        return sampledValidation() ? "(" + valBatches + "/" + valSplitBatches + " batches)" : "(full)";
    }

    public boolean validated() {
        return !Double.isNaN(valLoss);
    }

    /** Seconds left at the current pace. */
    public double eta() {
        return runStep == 0 ? Double.NaN : elapsed / runStep * (runTotal - runStep);
    }
}
