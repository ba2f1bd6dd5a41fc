package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqlab.session.ModelSession;

/**
 * One session type holds every model kind: an encoder-decoder's session is a {@link ModelSession} like a plain
 * model's, and statements made for plain models say plainly what they do not do for it (never "has not met any
 * data yet" right after training).
 */
class ModelKindsTest {
    private static final String SETUP = """
            set seed=3
            task reverse length=4 symbols=4 samples=200
            model t {
              encoder { embed 8; layer gru(hidden=16) }
              decoder { embed 8; layer gru(hidden=16); attention over=encoder kind=dot; output softmax }
            }
            train t on reverse steps=3 batch=8
            """;

    private static String fails(EngineHarness h, String statement) {
        RunFailure f = assertThrows(RunFailure.class, () -> h.run(statement));
        return f.diagnostics().get(0).message();
    }

    @Test
    void anEncoderDecoderLivesInTheSameSessionType() {
        EngineHarness h = new EngineHarness().run(SETUP);
        ModelSession s = h.session("t");
        assertNotNull(s.encoderDecoder());
        assertEquals(3, s.state.step());
        assertEquals(3, s.state.history().size());
        h.run("plot loss");
        assertTrue(h.output().contains("loss of t over 3 steps"), h.output());
    }

    @Test
    void plainModelStatementsSayWhatTheyDoNotDo() {
        EngineHarness h = new EngineHarness().run(SETUP);
        assertEquals("sample needs a next-token model; 't' learns " + org.seqlab.data.DataKind.SEQ2SEQ.words(), fails(h, "sample 5"));
        assertEquals("not available yet: 'similarity' on an encoder-decoder model", fails(h, "similarity \"a\" \"b\""));
    }
}
