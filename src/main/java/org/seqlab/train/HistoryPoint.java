package org.seqlab.train;

/**
 * One step of a model's training history (for {@code plot loss}); valLoss is NaN where not computed, gradNorm
 * (the global gradient norm before clipping, for {@code plot grad_norm}) where not measured.
 */
public record HistoryPoint(long step, int epoch, double loss, double valLoss, double lr, double gradNorm) {

    public HistoryPoint(long step, int epoch, double loss, double valLoss, double lr) {
        this(step, epoch, loss, valLoss, lr, Double.NaN);
    }
}
