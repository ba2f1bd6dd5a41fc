package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.train.HistoryPoint;

/** clip=off trains without clipping; grad_norm (before clipping) is in the progress line, log= and plot grad_norm. */
class GradNormTest {

    @Test
    void gradNormIsMeasuredBeforeClippingAndShownEverywhere(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.jsonl");
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=6 batch=4 seq=8 clip=0.01 log=\"" + log + "\"\nplot grad_norm\n");
        List<HistoryPoint> hist = h.session("lm").state.history();
        assertEquals(6, hist.size());
        for (HistoryPoint p : hist) assertTrue(p.gradNorm() > 0.01, "the norm before clipping: " + p.gradNorm());
        assertTrue(h.output().contains("grad_norm "), h.output());
        assertTrue(h.output().contains("gradient norm (before clipping)"), h.output());
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(6, lines.size());
        assertTrue(lines.get(0).contains("\"grad_norm\":"), lines.get(0));
    }

    @Test
    void clipOffLeavesTheGradientAsItIsAndClipZeroIsStillRefused() {
        String run = EngineHarness.DATA + EngineHarness.MODEL + "train lm on elman steps=3 batch=4 seq=8 lr=1e-2 CLIP\n";
        EngineHarness off = new EngineHarness().run(run.replace("CLIP", "clip=off"));
        EngineHarness big = new EngineHarness().run(run.replace("CLIP", "clip=1e9"));
        // clip=off is exactly "never clip": the same run as a limit no gradient reaches
        assertEquals(big.losses("lm"), off.losses("lm"));
        EngineHarness tiny = new EngineHarness().run(run.replace("CLIP", "clip=1e-4"));
        assertTrue(!tiny.losses("lm").get(2).equals(off.losses("lm").get(2)));
        try {
            new EngineHarness().run(run.replace("CLIP", "clip=0"));
            throw new AssertionError("clip=0 should be refused");
        } catch (org.seqlab.diag.DiagnosticException e) {
            assertTrue(e.diagnostics().get(0).message().contains("clip must be a number greater than 0 or off"),
                    e.diagnostics().get(0).message());
        }
    }
}
