package org.seqlab.backend;

import java.util.Locale;

/** Pointwise nonlinearities. GELU is the exact (erf) form, PyTorch's default. */
public enum Activation {
    NONE, TANH, RELU, SIGMOID, GELU;

    /** The language's spelling: tanh, relu, sigmoid, gelu, none. */
    public static Activation parse(String word) {
        for (Activation a : values()) if (a.name().equalsIgnoreCase(word)) return a;
        throw new IllegalArgumentException("unknown activation '" + word + "' (expected tanh, relu, sigmoid, gelu or none)");
    }

    public String word() { return name().toLowerCase(Locale.ROOT); }
}
