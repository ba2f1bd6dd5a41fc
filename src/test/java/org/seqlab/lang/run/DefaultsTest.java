package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.train.TrainConfig;
import org.seqlab.session.Workspace;

/** Defaults are written once, in the checker's spec tables, and the engine does what they say. */
class DefaultsTest {

    private static double spec(String param) {
        return StatementSpecs.defaultNumber("train", param);
    }

    @Test
    void aSessionStartsAsTheSetSpecSays() {
        assertEquals("1", StatementSpecs.defaultText("set", "seed"));
        assertEquals(1, TensorEngine.seed(new Workspace()));
        assertEquals("cpu", StatementSpecs.defaultText("set", "backend"));
        assertEquals("cpu", new TensorEngine().backend().name());
    }

    @Test
    void trainOptionsNotGivenTakeTheSpecsDefaults() {
        TrainConfig c = TrainOptions.from(new Args(List.of(), List.of()), 5, false);
        assertEquals(spec("epochs"), c.epochs());
        assertEquals(spec("batch"), c.batch());
        assertEquals(spec("seq"), c.seq());
        assertEquals((float) spec("lr"), c.lr());
        assertEquals(StatementSpecs.defaultText("train", "optimizer"), c.optimizer());
        assertEquals(StatementSpecs.defaultText("train", "schedule"), c.schedule());
        assertEquals((float) spec("beta1"), c.beta1());
        assertEquals((float) spec("beta2"), c.beta2());
        assertEquals(spec("val_batches"), c.valBatches());
        assertEquals(20, c.valBatches());
        assertEquals(TrainConfig.BETA1, c.beta1());
        assertEquals(TrainConfig.BETA2, c.beta2());
        assertEquals(5, c.seed(), "the session's seed");
    }
}
