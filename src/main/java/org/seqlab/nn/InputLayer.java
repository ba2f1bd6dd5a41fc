package org.seqlab.nn;

import java.util.List;
import org.seqlab.tensor.Tensor;

/** The first layer of a token model: ids (T*B, time-major: ids[t*B + b]) to a (T, B, width) tensor. */
public interface InputLayer {
    int vocabulary();

    int outputWidth();

    List<Param> params();

    /** Tensors that are part of the model's state but not trained (a frozen embedding): saved and loaded, never updated. */
    default List<Param> buffers() { return List.of(); }

    /** Reads ids[off ... off + T*B). */
    Tensor forward(int[] ids, int off, int steps, int batch);

    /** Accumulates parameter gradients from dy (T, B, width). */
    void backward(Tensor dy);

    default void record(Trace trace, String prefix) {}
}
