package org.seqlab.lang.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.diag.Diagnostic;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.syntax.ScriptParser;

/** Models too big to build are refused before anything is allocated, with the count and the heap named. */
class ModelSizeTest {

    private static final long ONE_GB = 1L << 30;

    private static List<String> check(String model, long heap) {
        Statement.ModelDef m = (Statement.ModelDef) new ScriptParser().parse("t.seq", model).statements().get(0);
        Report r = new Report();
        ModelSize.check(m, r, heap);
        return r.errors().stream().map(d -> d.span().line() + ":" + d.span().column() + " " + d.message()
                + d.hintText().map(h -> " / " + h).orElse("")).toList();
    }

    @Test
    void theParameterCountIsWeighedAgainstTheHeapAtTheLayerThatPassesIt() {
        // lstm(hidden=4096) over 512 inputs: 4*4096*(512+4096) = 75,497,472 parameters; 16 bytes each with
        // gradients and Adam's moments: 1.1 GB, past 80% of a 1 GB heap. The embedding counts its width only.
        assertEquals(List.of("3:2 model 'lm' needs at least 75,502,080 parameters, 1.1 GB with their gradients and"
                        + " optimizer state; the Java heap holds at most 1.0 GB / use smaller or fewer layers, or give"
                        + " Java more memory (e.g. java -Xmx16g)"),
                check("model lm {\n embed dim=512\n layer lstm(hidden=4096)\n output softmax\n}", ONE_GB));
        assertEquals(List.of(), check("model lm {\n embed dim=512\n layer lstm(hidden=1024)\n output softmax\n}", ONE_GB));
    }

    @Test
    void repeatsCountEveryLayerTheyMake() {
        assertEquals(List.of("1:18 model 'm' has 1,000,000 layers once its repeats are unrolled (at most 10,000)"
                        + " / use fewer or smaller repeats"),
                check("model m { repeat 1000 { repeat 1000 { dense(units=2) } } }", ONE_GB));
        assertEquals(List.of(), check("model m { repeat 100 { repeat 100 { dense(units=2) } } }", ONE_GB));
        String big = "repeat 2147483647 { repeat 2147483647 { dense(units=2) } }";
        assertEquals(List.of("1:18 model 'm' has 4,611,686,014,132,420,609 layers once its repeats are unrolled"
                + " (at most 10,000) / use fewer or smaller repeats"), check("model m { " + big + " }", ONE_GB));
        String bigger = "repeat 2000000000 { repeat 2000000000 { repeat 2000000000 { dense(units=2) } } }";
        assertEquals(List.of("1:18 model 'm' has more than 9e18 layers once its repeats are unrolled"
                + " (at most 10,000) / use fewer or smaller repeats"), check("model m { " + bigger + " }", ONE_GB));
    }
}
