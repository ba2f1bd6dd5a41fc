package org.seqlab.lang.run;

import org.seqlab.lang.ast.Statement;
import org.seqlab.nn.Layer;
import org.seqlab.nn.Model;
import org.seqlab.nn.PositionalEncoding;

/**
 * Attention models see a window of {@code seq} tokens at once, each at its absolute position: a window
 * longer than a positional table has no position vectors for its tail. Checked before training starts,
 * so the user reads one line naming both numbers rather than a failure mid-run.
 */
final class Windows {

    private Windows() {
    }

    /** The longest window the model's positional tables allow, at most {@code wanted}. */
    static int fit(Model m, int wanted) {
        int seq = wanted;
        for (Layer l : m.layers()) if (l instanceof PositionalEncoding p) seq = Math.min(seq, p.max());
        return seq;
    }

    static void check(Model m, int seq, Statement.Train at) {
        for (Layer l : m.layers()) {
            if (l instanceof PositionalEncoding p && seq > p.max()) {
                throw RunFailure.at(at.span(), "seq=" + seq + " is longer than the model's positional max=" + p.max(),
                        "train with seq=" + p.max() + " or less, or give the positional layer max=" + seq);
            }
        }
    }
}
