package org.seqlab.lang.run;

import java.util.List;
import org.seqlab.lang.ast.Args;
import org.seqlab.nn.DropoutSite;
import org.seqlab.nn.Model;
import org.seqlab.nn.Trainable;

/**
 * {@code train ... dropout=p}: every dropout site of the model (dropout layers, between stacked
 * recurrent layers, attention weights, inside transformer blocks) runs at p for that run only, then
 * goes back to the rate the model was declared with. A model with no dropout site is an error for
 * p &gt; 0 (nothing would change, and a silent no-op would mislead); {@code dropout=0} turns dropout off
 * for the run and is accepted on any model.
 */
final class DropoutOverride implements AutoCloseable {
    static final DropoutOverride NONE = new DropoutOverride(List.of(), Float.NaN);

    private final List<DropoutSite> sites;
    private final float rate;

    private DropoutOverride(List<DropoutSite> sites, float rate) {
        this.sites = sites;
        this.rate = rate;
    }

    /** The override {@code opts} asks for on model {@code name}, checked; NONE without {@code dropout=}. */
    static DropoutOverride of(Args opts, String name, Trainable m) {
        var arg = opts.arg("dropout");
        if (arg.isEmpty()) return NONE;
        float p = (float) opts.number("dropout").orElse(Double.NaN);
        if (!(p >= 0 && p < 1)) throw RunFailure.at(arg.get().span(), "dropout must be in [0, 1), got " + arg.get().value().text());
        List<DropoutSite> sites = m.dropoutSites();
        if (sites.isEmpty() && p > 0) {
            throw RunFailure.at(arg.get().span(), "model " + name + " has no place for dropout, so dropout=" + arg.get().value().text()
                            + " would change nothing",
                    "declare one in the model: a 'dropout 0.1' line, or dropout= on a layer: layer lstm(hidden=128, dropout=0.1)");
        }
        return new DropoutOverride(sites, p);
    }

    /** The same rate on another model (compare's candidates); sites it lacks are simply absent. */
    static DropoutOverride lenient(Args opts, Model m) {
        double p = opts.number("dropout").orElse(Double.NaN);
        return Double.isNaN(p) ? NONE : new DropoutOverride(m.dropoutSites(), (float) p);
    }

    /** The rate asked for; NaN without {@code dropout=}. */
    float rate() {
        return rate;
    }

    /** Puts the run's rate in force; {@link #close} restores the declared rates. */
    DropoutOverride apply() {
        if (!Float.isNaN(rate)) for (DropoutSite s : sites) s.override(rate);
        return this;
    }

    @Override public void close() {
        for (DropoutSite s : sites) s.restore();
    }
}
