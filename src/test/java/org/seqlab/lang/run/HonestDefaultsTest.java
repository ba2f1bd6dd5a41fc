package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.diag.Diagnostic;

/**
 * Issue #13's honest defaults: a next-token model that can see the future is refused at train, and
 * inspect surprisal is refused where it is not a prefix probability; the first token's surprisal is a dash.
 */
class HonestDefaultsTest {

    private static Diagnostic failure(String text) {
        RunFailure f = assertThrows(RunFailure.class, () -> new EngineHarness().run(text));
        return f.diagnostics().get(0);
    }

    @Test
    void aNextTokenModelThatSeesTheFutureIsRefusedAtTrain() {
        Diagnostic attention = failure(EngineHarness.DATA
                + "model gpt { embed 16; positional learned max=16; transformer heads=2 dim=16 ff=32; output softmax }\n"
                + "train gpt on elman steps=2 batch=4 seq=8\n");
        assertTrue(attention.message().contains("the transformer layer at line 3 is not causal"), attention.message());
        assertTrue(attention.hint().contains("add 'causal'") && attention.hint().contains("objective=masked"), attention.hint());
        assertEquals(4, attention.span().line());
        Diagnostic bi = failure(EngineHarness.DATA + "model bi { embed 8; layer gru(hidden=8) bidirectional; output softmax }\n"
                + "train bi on elman steps=2 batch=4 seq=8\n");
        assertTrue(bi.message().contains("the gru layer at line 3 is bidirectional"), bi.message());
        // causal attention, and a bidirectional model under objective=masked, train as before
        EngineHarness ok = new EngineHarness().run(EngineHarness.DATA
                + "model gpt { embed 16; positional learned max=16; transformer heads=2 dim=16 ff=32 causal; output softmax }\n"
                + "train gpt on elman steps=2 batch=4 seq=8\n"
                + "model bi { embed 8; layer gru(hidden=8) bidirectional; output softmax }\n"
                + "train bi on elman objective=masked steps=2 batch=4 seq=8\n");
        assertEquals(2, ok.session("gpt").state.step());
        assertEquals(2, ok.session("bi").state.step());
    }

    @Test
    void surprisalIsRefusedOnMaskedAndManyToOneModelsAndItsFirstTokenIsADash(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("r.tsv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) sb.append(i % 2 == 0 ? "pos\tgood fine film\n" : "neg\tbad dull film\n");
        Files.writeString(tsv, sb.toString(), StandardCharsets.UTF_8);
        Diagnostic classifier = failure("data reviews = \"" + tsv + "\" format=labeled\n"
                + "model c { embed 8; layer lstm(hidden=8); pool last; output softmax }\n"
                + "train c on reviews steps=2 batch=4\ninspect surprisal on \"good film\"\n");
        assertTrue(classifier.message().contains("many-to-one classification model, whose outputs are not prefix probabilities"),
                classifier.message());
        Diagnostic masked = failure(EngineHarness.DATA
                + "model bi { embed 8; layer gru(hidden=8) bidirectional; output softmax }\n"
                + "train bi on elman objective=masked steps=2 batch=4 seq=8\ninspect surprisal on \"boy eat cookie\"\n");
        assertTrue(masked.message().contains("masked-token LM"), masked.message());
        assertTrue(masked.hint().contains("fill"), masked.hint());

        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=2 batch=4 seq=8\ninspect surprisal on \"boy eat cookie\" values\n");
        String out = h.output();
        assertTrue(out.contains("\u2013"), out);
        assertTrue(!out.contains("nan"), out);
    }
}
