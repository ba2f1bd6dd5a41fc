package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.diag.DiagnosticException;

/** {@code set threads=N}: the CPU backend's worker count, for models compiled before and after; results do not depend on it. */
class SetThreadsTest {
    private static final String TRAIN = "train lm on elman steps=6 batch=8 seq=16 lr=1e-2 validate=1000\n";

    @Test void setsTheBackendsThreadsForEveryModel() {
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + TRAIN);
        assertEquals(Runtime.getRuntime().availableProcessors(), h.engine.backend().threads(), "all cores by default");
        h.run("set threads=3\n");
        assertEquals(3, h.engine.backend().threads());
        assertSame(h.engine.backend(), h.session("lm").state.model().backend(), "a model compiled before the set uses it too");
        h.run("set backend=cpu\n");
        assertEquals(3, h.engine.backend().threads(), "choosing the CPU again keeps the thread count");
        h.run("set threads=1\n");
        assertEquals(1, h.engine.backend().threads());
    }

    @Test void theLossesDoNotDependOnTheThreads() {
        List<Double> one = new EngineHarness().run(EngineHarness.DATA + "set threads=1\n" + EngineHarness.MODEL + TRAIN).losses("lm");
        List<Double> three = new EngineHarness().run(EngineHarness.DATA + "set threads=3\n" + EngineHarness.MODEL + TRAIN).losses("lm");
        assertEquals(6, one.size());
        assertEquals(one, three, "bit for bit");
    }

    @Test void zeroThreadsIsAnError() {
        EngineHarness h = new EngineHarness();
        DiagnosticException f = assertThrows(DiagnosticException.class, () -> h.run("set threads=0\n"));
        assertTrue(f.getMessage().contains("t.seq:1:13: error: threads must be a positive whole number, not 0"), f.getMessage());
        assertEquals(Runtime.getRuntime().availableProcessors(), h.engine.backend().threads(), "unchanged");
    }
}
