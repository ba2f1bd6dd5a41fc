package org.seqlab.repl;

import java.util.HashMap;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;

/**
 * JLine's line reader with one addition: {@link #locked} runs code under the reader's own lock, the
 * lock {@code printAbove} and redisplay take, so another thread can redraw the status bar without
 * interleaving its escape sequences with the prompt's.
 */
final class PromptReader extends LineReaderImpl {

    PromptReader(Terminal terminal, String appName) {
        super(terminal, appName, new HashMap<>());
        setHistory(new DefaultHistory());
    }

    void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }
}
