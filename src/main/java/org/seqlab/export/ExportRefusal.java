package org.seqlab.export;

/**
 * A layer the PyTorch export cannot write. {@link #layer()} is its name in the model ("attention1",
 * "decoder.lstm1"), so the caller can point at the line that built it.
 */
public final class ExportRefusal extends RuntimeException {
    private final String layer;

    public ExportRefusal(String layer, String message) {
        super(message);
        this.layer = layer;
    }

    public String layer() { return layer; }
}
