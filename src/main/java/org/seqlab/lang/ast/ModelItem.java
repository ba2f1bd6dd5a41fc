package org.seqlab.lang.ast;

import java.util.List;
import org.seqlab.diag.SourceSpan;

/** One item of a model body: a layer, a repeated group, or an encoder/decoder part. */
public sealed interface ModelItem {

    SourceSpan span();

    /**
     * A layer as written in the source (the network's layers are {@code org.seqlab.nn.Layer}):
     * {@code layer lstm(hidden=128) bidirectional} has kind "lstm" (the word after
     * {@code layer}); {@code attention heads=8 causal} has kind "attention".
     *
     * @param kindSpan where the kind word stands, for "unknown layer kind" errors
     */
    record LayerDecl(String kind, SourceSpan kindSpan, Args args, SourceSpan span) implements ModelItem {
    }

    /** {@code repeat N { ... }}; N is a number or, inside a template, a parameter name. */
    record Repeat(Value count, List<ModelItem> body, SourceSpan span) implements ModelItem {
        public Repeat {
            body = List.copyOf(body);
        }
    }

    /** {@code encoder { ... }} or {@code decoder { ... }}. */
    record Part(Side side, List<ModelItem> body, SourceSpan span) implements ModelItem {
        public Part {
            body = List.copyOf(body);
        }
    }

    enum Side {
        ENCODER, DECODER;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
