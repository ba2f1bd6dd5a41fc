package org.seqlab.nn;

/** A layer configuration that cannot work, in words (the compiler attaches the layer's source position). */
public final class LayerSpecException extends IllegalArgumentException {
    public LayerSpecException(String message) { super(message); }
}
