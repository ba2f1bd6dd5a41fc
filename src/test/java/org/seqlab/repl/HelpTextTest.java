package org.seqlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.data.Generators;
import org.seqlab.lang.check.ParamSpec;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.TensorEngine;

/** What :help tells a user must be true: its example runs, its lists are complete. */
class HelpTextTest {

    @Test
    void theIntroductionsExampleRunsOnBuiltInDataInAFreshCheckout() {
        List<String> example = Help.text(null).lines().filter(l -> l.startsWith("  ") && !l.startsWith("   "))
                .map(String::strip).toList();
        assertEquals(4, example.size(), String.join("\n", example));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Repl repl = new Repl(new Interpreter(new TensorEngine(), out), out, out);
        String input = String.join("\n", example) + "\n";
        int rc = repl.plain(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        assertTrue(text.contains("done: "), text);
        assertTrue(!text.contains("error"), text);
    }

    @Test
    void taskHelpNamesEveryBuiltInTask() {
        String text = Help.text("task");
        for (String task : Generators.taskNames()) {
            assertTrue(text.lines().findFirst().orElseThrow().contains(task), task + " missing from: " + text);
        }
        assertTrue(Generators.taskNames().contains("sort"));
    }

    @Test
    void inspectHelpListsEveryInspectionWithItsParameters() {
        String text = Help.text("inspect");
        StatementSpecs.inspections().forEach((name, spec) -> {
            assertTrue(text.contains("\n  " + name + " "), name + " missing from: " + text);
            for (ParamSpec p : spec.params()) {
                assertTrue(text.contains(p.name() + "="), name + "'s " + p.name() + " missing from: " + text);
            }
        });
        assertTrue(text.contains("layer="), text);
    }
}
