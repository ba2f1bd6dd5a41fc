package org.seqlab.export;

import org.seqlab.nn.CrossAttention;
import org.seqlab.nn.Dense;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Layer;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.MultiHeadAttention;
import org.seqlab.nn.Pool;
import org.seqlab.nn.PositionalEncoding;
import org.seqlab.nn.Recurrent;
import org.seqlab.nn.TransformerBlock;

/** Which emitter writes a layer: one per layer kind, each in its own file. */
final class LayerEmitters {

    private LayerEmitters() {
    }

    /**
     * @param name  the layer's name in its model (the module attribute and the checkpoint prefix)
     * @param shape the activation's shape after the layer, for the comment: "(T, B, 16)"
     */
    static LayerCode emit(String name, Layer l, String shape) {
        if (l instanceof Recurrent r) return RecurrentEmitter.emit(name, r, shape);
        if (l instanceof Dense d) return DenseEmitter.emit(name, d, shape);
        if (l instanceof Dropout d) return LayerCode.of("self." + name + " = nn.Dropout(" + PythonText.num(d.p()) + ")", "h = self." + name + "(h)");
        if (l instanceof LayerNorm n) return LayerNormEmitter.emit(name, n);
        if (l instanceof Pool p) return PoolEmitter.emit(p, shape);
        if (l instanceof PositionalEncoding p) return PositionalEmitter.emit(name, p, shape);
        if (l instanceof MultiHeadAttention a) return AttentionEmitter.emit(name, a, shape);
        if (l instanceof TransformerBlock b) return TransformerEmitter.emit(name, b, shape);
        if (l instanceof CrossAttention c) return EncoderAttentionEmitter.emit(name, c, shape);
        throw new ExportRefusal(name, "layer '" + name + "' (" + l.getClass().getSimpleName() + ") has no PyTorch form in export");
    }
}
