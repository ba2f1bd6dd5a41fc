package org.seqlab.repl;

import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;
import org.seqlab.session.StatusLine;

/**
 * The background training run's live line, in JLine's status bar at the bottom of the terminal: the
 * prompt and what is being typed stay above it untouched, and the line is rewritten in place. On a
 * terminal without a scroll region and cursor addressing (dumb terminals, tests) there is no status
 * bar (JLine's would fail on resize there), and the run's plain progress lines printed above the
 * prompt are all there is.
 */
final class StatusBar implements StatusLine {
    private final PromptReader reader;
    private final Status status;

    private StatusBar(PromptReader reader) {
        this.reader = reader;
        this.status = Status.getStatus(reader.getTerminal());
    }

    /** A status bar on the reader's terminal, or {@link StatusLine#NONE} where the terminal cannot keep one. */
    static StatusLine on(PromptReader reader) {
        Terminal t = reader.getTerminal();
        boolean able = !t.getType().startsWith(Terminal.TYPE_DUMB)
                && t.getStringCapability(Capability.change_scroll_region) != null
                && t.getStringCapability(Capability.save_cursor) != null
                && t.getStringCapability(Capability.restore_cursor) != null
                && t.getStringCapability(Capability.cursor_address) != null;
        return able ? new StatusBar(reader) : StatusLine.NONE;
    }

    @Override public void show(String text) {
        int width = Math.max(10, reader.getTerminal().getWidth() - 1);
        String line = text.length() > width ? text.substring(0, width - 1) + "…" : text;
        draw(List.of(new AttributedString(line)));
    }

    @Override public void clear() {
        draw(List.of());
    }

    /** Under the reader's lock, flushed before returning: the prompt's thread may print to stdout next. */
    private void draw(List<AttributedString> lines) {
        reader.locked(() -> {
            status.update(lines);
            reader.getTerminal().flush();
        });
    }
}
