package org.seqlab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The parser, the checker and {@code load} against generated inputs: mutated project scripts (character
 * flips, token swaps, spliced lines), token soup, pathological inputs (deep nesting, long runs of one
 * character, many arguments) and damaged or crafted checkpoints. No Throwable may escape, every
 * diagnostic must point at a line and column of its text, no input may hang, and no checkpoint with a
 * flipped bit may load. Seeded, so a failure reproduces with {@code seqlab fuzz --seed 20261206 --count N}.
 */
class FuzzTest {

    @Test
    void nothingEscapesAndEveryMessagePointsIntoTheText() {
        Fuzzer.Options o = new Fuzzer.Options(6000, 20261206, 20_000, 4, 1000, 30_000, List.of(Path.of("")), null);
        Fuzzer.Report r = new Fuzzer(o).run();
        String findings = r.findings().stream().map(Fuzzer.Finding::toString).collect(Collectors.joining("\n"));
        assertEquals(List.of(), r.findings(), r.summary() + "\n" + findings);
        assertEquals(6000, r.inputs());
        assertTrue(r.checkpoints() > 100, "checkpoints were among the inputs: " + r.summary());
        assertTrue(r.diagnostics() > 5000, "most inputs are wrong, and their diagnostics were looked at: " + r.summary());
    }

    @Test
    void theCorpusIsTheProjectsScripts() {
        List<String> corpus = Fuzzer.corpus(List.of(Path.of("")));
        assertTrue(corpus.size() >= 30, corpus.size() + " .seq files");
        assertTrue(corpus.stream().anyMatch(t -> t.contains("model")), "scripts with models in them");
    }

    @Test
    void theSameSeedGivesTheSameInputs() {
        java.util.Random a = new java.util.Random(5);
        java.util.Random b = new java.util.Random(5);
        List<String> corpus = Fuzzer.corpus(List.of(Path.of("")));
        TextMutator ma = new TextMutator(corpus, a);
        TextMutator mb = new TextMutator(corpus, b);
        for (int i = 0; i < 200; i++) assertEquals(ma.next(5000), mb.next(5000));
    }
}
