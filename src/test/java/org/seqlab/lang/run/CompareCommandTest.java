package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompareCommandTest {

    private static final String ADDING = "set seed=5\ncompare srn, gru on task adding length=4,6 samples=40 steps=2 batch=8\n";

    private static String table(String out) {
        return out.substring(out.indexOf("validation results"));
    }

    @Test
    void cellKindsTimesSettingsMakeOneTable() {
        String out = new EngineHarness().run(ADDING).output();
        String t = table(out);
        assertTrue(t.contains("length=4") && t.contains("length=6"), out);
        assertTrue(t.lines().anyMatch(l -> l.contains("srn") && l.contains("mse")), out);
        assertTrue(t.lines().anyMatch(l -> l.contains("gru") && l.contains("mse")), out);
        assertTrue(out.contains("compare: training gru on length=6"), out);
    }

    @Test
    void sameSeedSameTable() {
        assertEquals(table(new EngineHarness().run(ADDING).output()), table(new EngineHarness().run(ADDING).output()));
    }

    @Test
    void declaredModelsAndClassificationShowAccuracy() {
        String out = new EngineHarness().run("model m { embed 4; layer lstm(hidden=6); output softmax }\n"
                + "compare m, lstm on task parity length=5 samples=40 steps=2 batch=8\n").output();
        String t = table(out);
        assertTrue(t.lines().anyMatch(l -> l.trim().startsWith("m ") && l.contains("acc")), out);
        assertTrue(t.lines().anyMatch(l -> l.contains("lstm") && l.contains("acc")), out);
        assertTrue(new EngineHarness().run("model m { embed 4; layer lstm(hidden=6); output softmax }\n"
                + "compare m, lstm on task parity length=5 samples=40 steps=2 batch=8\n").session("m") == null,
                "compare leaves the workspace's models untrained");
    }

    @Test
    void oneListParameterGivesAPlotPrintedOrWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String out = new EngineHarness().run(ADDING).output();
        assertTrue(out.contains("validation MSE against length"), out);
        java.nio.file.Path png = dir.resolve("c.png");
        String written = new EngineHarness().run(ADDING.replace("batch=8", "batch=8 to \"" + png.toString().replace("\\", "/") + "\""))
                .output();
        assertTrue(java.nio.file.Files.size(png) > 1000, written);
        assertTrue(!written.contains("validation MSE against length"), "written, not printed");
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run(
                "compare srn on task adding length=4 samples=40 steps=1 batch=8 to \"" + dir.resolve("d.png").toString().replace("\\", "/") + "\"\n"));
        assertTrue(f.diagnostics().get(0).message().startsWith("nothing to plot"), f.diagnostics().get(0).message());
    }

    @Test
    void transformerIsNotAvailableYet() {
        RunFailure f = assertThrows(RunFailure.class,
                () -> new EngineHarness().run("compare transformer on task copy length=4 samples=20 steps=1\n"));
        assertTrue(f.diagnostics().get(0).message().contains("not available yet"), f.diagnostics().get(0).message());
    }

    @Test
    void defaultModelsFollowTheData() {
        assertEquals("model x { layer gru(hidden=64); output linear }",
                CompareCommand.defaultSource("x", "gru", org.seqlab.data.Generators.task("adding", java.util.Map.of(), 1)));
        assertTrue(CompareCommand.defaultSource("x", "srn", org.seqlab.data.Generators.task("copy", java.util.Map.of(), 1))
                .contains("embed 32; layer srn(hidden=64); output softmax"));
    }
}
