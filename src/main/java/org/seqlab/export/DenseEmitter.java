package org.seqlab.export;

import org.seqlab.backend.Activation;
import org.seqlab.nn.Dense;

/** dense N activation=...: nn.Linear (weight (N, in), bias) and the activation (GELU exact, as seqlab's). */
final class DenseEmitter {

    private DenseEmitter() {
    }

    static LayerCode emit(String name, Dense d, String shape) {
        return LayerCode.of("self." + name + " = nn.Linear(" + d.inputWidth() + ", " + d.outputWidth() + ")",
                "h = " + activation(d.activation(), "self." + name + "(h)") + "  # " + shape);
    }

    static String activation(Activation a, String x) {
        return switch (a) {
            case NONE -> x;
            case TANH -> "torch.tanh(" + x + ")";
            case RELU -> "torch.relu(" + x + ")";
            case SIGMOID -> "torch.sigmoid(" + x + ")";
            case GELU -> "F.gelu(" + x + ")";
        };
    }
}
