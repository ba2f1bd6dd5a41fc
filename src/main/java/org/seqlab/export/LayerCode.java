package org.seqlab.export;

import java.util.List;

/**
 * One layer written as PyTorch: the lines of the module's {@code __init__} that build it, the lines of
 * {@code forward} that run it (reading and writing {@code h}, the running activation, with {@code state},
 * {@code lengths} and, in a decoder, {@code memory} and {@code memory_lengths} in scope), and the Python
 * definitions it needs (each written once per file, in first-use order).
 */
record LayerCode(List<String> init, List<String> forward, List<String> helpers) {

    static LayerCode of(String init, String forward, String... helpers) {
        return new LayerCode(init == null ? List.of() : List.of(init), List.of(forward), List.of(helpers));
    }
}
