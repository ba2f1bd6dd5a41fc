package org.seqlab.lang.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.seqlab.train.HistoryPoint;
import org.seqlab.session.ModelSession;

/** A fresh interpreter on the real engine, its output captured. */
final class EngineHarness {
    final TensorEngine engine = new TensorEngine();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Interpreter interp = new Interpreter(engine, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    static final String DATA = "set seed=7\ncorpus elman sentences=400 seed=3\n";
    static final String MODEL = "model lm {\n  embed 8\n  layer lstm(hidden=16)\n  output softmax\n}\n";

    EngineHarness run(String text) {
        interp.run("t.seq", text);
        return this;
    }

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    ModelSession session(String model) {
        return interp.workspace().model(model);
    }

    List<Double> losses(String model) {
        return session(model).state.history().stream().map(HistoryPoint::loss).toList();
    }
}
