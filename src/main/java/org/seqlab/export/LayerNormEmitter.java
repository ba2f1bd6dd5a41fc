package org.seqlab.export;

import org.seqlab.nn.LayerNorm;

/** layernorm: PyTorch's nn.LayerNorm over the last axis, with seqlab's eps; parameters weight and bias. */
final class LayerNormEmitter {

    private LayerNormEmitter() {
    }

    static LayerCode emit(String name, LayerNorm n) {
        return LayerCode.of("self." + name + " = nn.LayerNorm(" + n.inputWidth() + ", eps=" + PythonText.num(n.eps()) + ")",
                "h = self." + name + "(h)");
    }
}
