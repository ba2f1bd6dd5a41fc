package org.seqlab.inspect.render;

/**
 * A picture could not be made or written, said in one line ("cannot write 'x.jpg': unknown file type
 * '.jpg' (use .png, .svg or .html)"). The interpreter attaches the statement's source span; no stack
 * trace is kept.
 */
public final class RenderException extends RuntimeException {

    public RenderException(String message) {
        super(message, null, false, false);
    }
}
