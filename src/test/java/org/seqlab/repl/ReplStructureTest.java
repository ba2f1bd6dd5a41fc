package org.seqlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.seqlab.lang.RecordingEngine;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.run.Interpreter;

/** A REPL {@code model} statement whose layers are out of order is refused when it is defined, and changes nothing. */
class ReplStructureTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Interpreter interp = new Interpreter(new RecordingEngine(), out);
    private final Repl repl = new Repl(interp, out, out);

    @Test
    void aModelWithItsOutputNotLastIsRefusedAtDefinitionAndTheSessionKeepsTheOldOne() {
        repl.plain(new ByteArrayInputStream(("model lm { embed 8; layer lstm(hidden=16); output softmax }\n"
                + "model lm { embed 8; output softmax; layer gru(hidden=4) }\n"
                + "model other { dense 4; embed 8; output softmax }\n"
                + ":models\n").getBytes(StandardCharsets.UTF_8)));
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("error: 'gru' comes after the output layer"), shown);
        assertTrue(shown.contains("hint: the output layer must be last\n"), shown);
        assertTrue(shown.contains("error: 'embed' must be the first layer"), shown);
        // The first definition stands: its lstm, not the refused gru; 'other' was never defined.
        var lm = interp.workspace().scope().models().get("lm");
        assertEquals("lstm", ((ModelItem.LayerDecl) lm.body().get(1)).kind());
        assertTrue(!interp.workspace().scope().models().containsKey("other"));
        assertTrue(shown.contains("* model lm: 3 layers"), shown);
    }
}
