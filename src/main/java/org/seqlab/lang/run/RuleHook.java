package org.seqlab.lang.run;

import java.util.List;
import java.util.function.Consumer;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.TrainRule;
import org.seqlab.lang.ast.Value;
import org.seqlab.train.Progress;
import org.seqlab.train.StepReport;
import org.seqlab.train.Trainer;

/**
 * The rules of a train block, checked after every step: {@code every N steps|epochs: STATEMENT} and
 * {@code when METRIC OP NUMBER: stop|STATEMENT}. Steps count over the model's life (so {@code every 200
 * steps} keeps its rhythm across runs). Metrics of the validation split (val_loss, val_accuracy,
 * val_perplexity) are only tested at steps where validation ran. Statements run through {@code runner}
 * on the current workspace.
 */
final class RuleHook implements Trainer.Hook {
    private final List<TrainRule> rules;
    private final Consumer<Statement> runner;
    private final Progress progress;

    RuleHook(List<TrainRule> rules, Consumer<Statement> runner, Progress progress) {
        this.rules = rules;
        this.runner = runner;
        this.progress = progress;
    }

    @Override public boolean afterStep(StepReport r) {
        for (TrainRule rule : rules) {
            boolean fire;
            if (rule instanceof TrainRule.Every e) {
                long n = (long) ((Value.Num) e.count()).value();
                fire = e.unit().name().startsWith("epoch") ? r.epochEnded() && r.epoch() % n == 0 : r.step() % n == 0;
            } else {
                TrainRule.When w = (TrainRule.When) rule;
                double v = metric(w.metric().name(), r);
                double x = ((Value.Num) w.threshold()).value();
                fire = !Double.isNaN(v) && switch (w.op()) {
                    case "<" -> v < x;
                    case ">" -> v > x;
                    case "<=" -> v <= x;
                    default -> v >= x;
                };
            }
            if (!fire) continue;
            if (rule.action() instanceof Statement.Stop) return true;
            progress.pause();
            runner.accept(rule.action());
        }
        return false;
    }

    private static double metric(String name, StepReport r) {
        return switch (name) {
            case "loss" -> r.loss();
            case "perplexity" -> Math.exp(r.loss());
            case "val_loss" -> r.valLoss();
            case "val_perplexity" -> Math.exp(r.valLoss());
            case "val_accuracy", "accuracy" -> r.valAccuracy();
            case "step" -> r.step();
            case "epoch" -> r.epochEnded() ? r.epoch() : Double.NaN;
            default -> Double.NaN;
        };
    }
}
