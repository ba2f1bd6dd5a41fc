package org.seqlab.train;

/** One step of a model's training history (for {@code plot loss}); valLoss is NaN where not computed. */
public record HistoryPoint(long step, int epoch, double loss, double valLoss, double lr) {
}
