package org.seqlab.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.lang.RecordingEngine;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.session.Workspace;

/** The REPL driven through injected streams: no terminal needed. */
class ReplTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Interpreter interp = new Interpreter(new RecordingEngine(), out);
    private final Repl repl = new Repl(interp, out, out);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private int plain(String input) {
        return repl.plain(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pipedInputRunsWithoutATerminal() {
        assertEquals(0, plain("model m { embed 8 }\nsummary\n"));
        assertTrue(output().contains("defined model m: 1 layer"), output());
        assertTrue(output().contains("embed dim=8"), output());
    }

    @Test
    void anOpenBlockContinuesOnTheNextLine() {
        plain("model m {\n  embed 8\n  layer lstm(\n    hidden=4)\n}\n:models\n");
        assertTrue(output().contains("defined model m: 2 layers"), output());
        assertTrue(output().contains("* model m: 2 layers"), output());
    }

    @Test
    void jlineReaderContinuesUnfinishedBlocks(@TempDir Path dir) throws IOException {
        String input = "model m {\n embed 8\n}\n:models\n:quit\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        assertEquals(0, repl.interactive(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen,
                dir.resolve("history")));
        assertTrue(output().contains("defined model m: 1 layer"), output());
        assertTrue(Files.readString(dir.resolve("history")).contains(":models"), "history is saved");
    }

    @Test
    void aFailingStatementLeavesTheWorkspaceUnchanged() {
        plain("model m { embed 8 }\nset seed=1\n");
        Workspace before = interp.workspace();
        var models = List.copyOf(before.scope().models().values());
        var settings = java.util.Map.copyOf(before.settings());
        plain("model m { layer lstm(hidden=0) }\n");          // fails its check
        plain("sample 10 from \"FAIL\"\n");                    // fails while running
        plain("set seed=2; sample 10 from \"FAIL\"\n");        // the set before the failure stays
        assertEquals(models, List.copyOf(interp.workspace().scope().models().values()));
        assertEquals("2", interp.workspace().settings().get("seed").text());
        assertEquals(settings.keySet(), interp.workspace().settings().keySet());
        assertTrue(output().contains("hidden must be a positive whole number"), output());
        assertTrue(output().contains("sampling failed on purpose"), output());
    }

    @Test
    void failedRunLeavesNoPartialState() {
        Interpreter none = new Interpreter(Engine.NONE, out);
        Repl r = new Repl(none, out, out);
        r.plain(new ByteArrayInputStream("model m { embed 8 }\n".getBytes(StandardCharsets.UTF_8)));
        Workspace before = none.workspace();
        r.plain(new ByteArrayInputStream("train m on corpus.txt\n".getBytes(StandardCharsets.UTF_8)));
        assertSame(before, none.workspace());
        assertTrue(output().contains("not available in this engine: it checks statements but does not run them"), output());
    }

    @Test
    void completesStatementsAtTheStart() {
        List<String> c = repl.completions().complete("tr");
        assertEquals(List.of("train", "translate"), c);
        assertTrue(repl.completions().complete("").containsAll(StatementSpecs.statements().keySet()));
    }

    @Test
    void completesLayerKindsInsideAModelBody() {
        assertEquals(List.of("layer", "layernorm"), repl.completions().complete("model m {\n  lay"));
        assertTrue(repl.completions().complete("model m { embed 8; ").containsAll(LayerSpecs.all().keySet()));
        assertEquals(List.of("gru", "lstm", "rnn", "srn"), repl.completions().complete("model m { layer "));
    }

    @Test
    void completesParametersOfTheLayerBeingTyped() {
        assertEquals(List.of("hidden="), repl.completions().complete("model m { layer lstm(hid"));
        assertEquals(List.of("forget_bias="), repl.completions().complete("model m { layer lstm(hidden=4, f"));
        assertEquals(List.of("causal"), repl.completions().complete("model m { attention heads=2 ca"));
        assertEquals(List.of("gelu"), repl.completions().complete("model m { dense 4 activation=g"));
    }

    @Test
    void completesNamesAndStatementParameters() {
        plain("model lm { embed 8 }\ncorpus text = \"t.txt\"\n");
        assertEquals(List.of("lm"), repl.completions().complete("train l"));
        assertEquals(List.of("text"), repl.completions().complete("train lm on te"));
        assertEquals(List.of("log=", "lr="), repl.completions().complete("train lm on text l"));
        assertEquals(List.of("gates"), repl.completions().complete("inspect ga"));
        assertEquals(List.of("temperature=", "top_k=", "top_p="), repl.completions().complete("sample 10 t"));
    }

    @Test
    void completesFilePathsWhereAFileIsExpected() {
        assertEquals(List.of("gpt"), repl.completions().complete("use gp"));               // a stdlib model by name
        assertEquals(List.of("stdlib/"), repl.completions().complete("use \"std"));          // inside the quotes: a path
        assertEquals(List.of("stdlib/gpt.seq"), repl.completions().complete("use \"stdlib/g"));
        assertTrue(repl.completions().complete("train lm on src/te").contains("src/test/"));
        assertTrue(repl.completions().complete(":run src/te").contains("src/test/"));
    }

    @Test
    void completesCommandsAndHelpTopics() {
        assertEquals(List.of(":reset", ":resume", ":run"), repl.completions().complete(":r"));
        assertTrue(repl.completions().complete(":help ls").contains("lstm"));
    }

    @Test
    void commandsDispatchByExactNameThenUniquePrefix() {
        plain("model m { embed 8 }\n:mo\n:re\n:nope\n:pause\n");
        assertTrue(output().contains("* model m: 1 layer"), output());
        assertTrue(output().contains("':re' is ambiguous: :reset, :resume"), output());
        assertTrue(output().contains("unknown command ':nope'"), output());
        assertTrue(output().contains("nothing is training"), output());
    }

    @Test
    void resetForgetsEverything() {
        plain("model m { embed 8 }\n:reset\n:models\n");
        assertTrue(output().contains("no models yet"), output());
    }

    @Test
    void quitStopsReading() {
        plain(":quit\nmodel m { embed 8 }\n");
        assertFalse(output().contains("defined model"), output());
    }

    @Test
    void helpHasAnEntryWithAnExampleForEveryStatementAndLayerKind() {
        for (String s : StatementSpecs.statements().keySet()) {
            String text = Help.text(s);
            assertTrue(text.contains("example:"), "help for " + s + ": " + text);
        }
        for (String k : LayerSpecs.all().keySet()) {
            String text = Help.text(k);
            assertTrue(text.contains("example:") && text.contains("layer"), "help for " + k + ": " + text);
        }
        String intro = Help.text(null);
        assertTrue(intro.startsWith("seqlab: build, train and look inside sequence models."), intro);
        assertTrue(intro.contains("model lm { embed 32; layer lstm(hidden=64); output softmax }"), intro);
        assertTrue(Help.text("lstn").contains("did you mean 'lstm'?"));
        assertTrue(Help.text("commands").contains(":quit"));
    }

    @Test
    void historyListsEntries() {
        plain("model m { embed 8 }\n:history\n");
        assertTrue(output().contains("1  model m { embed 8 }"), output());
    }
}
