package org.seqlab.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.repl.Repl;

/**
 * Loads the classes a normal start needs (parser, checker, REPL, JLine) so that bin/seqlab can
 * record them in a class-data-sharing archive once per build; later starts map them instead of
 * loading them again.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Interpreter interp = new Interpreter(Engine.NONE, sink);
        Main.runText(interp, "warm-up", """
                corpus c = "c.txt" tokens=char
                model m { embed 8; layer lstm(hidden=8) bidirectional; attention heads=2 causal; output softmax }
                summary
                train m on c epochs=1 { every 10 steps: sample 10 from "a"; when val_loss < 1: stop }
                """, sink);
        Main.runText(interp, "warm-up", "modle x { lstn 3 }\nsample 0 top_p=2", sink);
        Repl.touchTerminalClasses();
        Repl repl = new Repl(interp, sink, sink);
        repl.completions().complete("model q { layer lstm(hid");
        try {
            Path history = Files.createTempFile("seqlab-warm", ".hist");
            repl.interactive(new ByteArrayInputStream(":help lstm\nmodel z {\n embed 4 }\n".getBytes()), sink, history);
            Files.deleteIfExists(history);
        } catch (IOException e) {
            // a warm-up that cannot open a terminal just records less
        }
        org.seqlab.kernel.SeqlabKernel.warmUp();
    }
}
