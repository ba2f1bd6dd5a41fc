package org.seqlab.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;

/**
 * Pins the exact text users see for each kind of mistake: the first diagnostic of each input,
 * formatted (headline, source line, caret, hint). A change here is a change to the user
 * interface and should be deliberate.
 */
class DiagnosticTextTest {

    static final String[][] CASES = {
            {"model m { layer lstm(hidden=) }",
             "t.seq:1:29: error: expected a positive whole number after 'hidden='\n  model m { layer lstm(hidden=) }\n                              ^\n  hint: write the value right after '=', e.g. hidden=128\n"},
            {"model m { embed 4 )",
             "t.seq:1:19: error: unmatched ')'\n  model m { embed 4 )\n                    ^\n  hint: remove it, or add the '(' it closes\n"},
            {"model { embed 4 }",
             "t.seq:1:7: error: expected a model name after 'model'\n  model { embed 4 }\n        ^\n  hint: e.g. model lm { ... }\n"},
            {"embed 4 \"open",
             "t.seq:1:9: error: this string is never closed\n  embed 4 \"open\n          ^~~~~\n  hint: add '\"' at its end\n"},
            {"model m { dense 3 @ }",
             "t.seq:1:19: error: unexpected character '@'\n  model m { dense 3 @ }\n                    ^\n  hint: seqlab text is words, numbers, \"strings\", paths and = ( ) { } , ; : | + - < >; quote other text\n"},
            {"model m { embed 4",
             "t.seq:1:9: error: this '{' is never closed\n  model m { embed 4\n          ^\n  hint: add '}' to end it\n"},
            {"trian m on x.txt",
             "t.seq:1:1: error: unknown statement 'trian'\n  trian m on x.txt\n  ^~~~~\n  hint: did you mean 'train'?\n"},
            {"lstm 128",
             "t.seq:1:1: error: unknown statement 'lstm'\n  lstm 128\n  ^~~~\n  hint: layers go inside a model: model m { lstm ... }\n"},
            {"model m { layer lstn(hidden=8) }",
             "t.seq:1:17: error: unknown layer kind 'lstn'\n  model m { layer lstn(hidden=8) }\n                  ^~~~\n  hint: did you mean 'lstm'?\n"},
            {"model m { layer lstm(hiden=8) }",
             "t.seq:1:22: error: unknown parameter 'hiden' for 'lstm'\n  model m { layer lstm(hiden=8) }\n                       ^~~~~\n  hint: did you mean 'hidden'?\n"},
            {"model m { attention heads=2 causl }",
             "t.seq:1:29: error: unknown flag 'causl' for 'attention'\n  model m { attention heads=2 causl }\n                              ^~~~~\n  hint: did you mean 'causal'?\n"},
            {"model m { layer gru(hidden=4) bidirectional bidirectional }",
             "t.seq:1:45: error: duplicate flag 'bidirectional'\n  model m { layer gru(hidden=4) bidirectional bidirectional }\n                                              ^~~~~~~~~~~~~\n"},
            {"model m { layer lstm }",
             "t.seq:1:17: error: 'lstm' needs hidden=... (a positive whole number)\n  model m { layer lstm }\n                  ^~~~\n  hint: e.g. layer lstm(hidden=128, dropout=0.2)\n"},
            {"model m { layer lstm(hidden=0) }",
             "t.seq:1:29: error: hidden must be a positive whole number, not 0\n  model m { layer lstm(hidden=0) }\n                              ^\n"},
            {"model m { layer lstm(hidden=2.5) }",
             "t.seq:1:29: error: hidden must be a positive whole number, not 2.5\n  model m { layer lstm(hidden=2.5) }\n                              ^~~\n"},
            {"model m { dropout 1 }",
             "t.seq:1:19: error: p must be a number from 0 up to (not including) 1, not 1\n  model m { dropout 1 }\n                    ^\n"},
            {"model m { dense 4 activation=rleu }",
             "t.seq:1:30: error: activation must be one of tanh, relu, gelu, sigmoid, none, not rleu\n  model m { dense 4 activation=rleu }\n                               ^~~~\n  hint: did you mean 'relu'?\n"},
            {"model m { layer lstm(hidden=4, hidden=8) }",
             "t.seq:1:32: error: duplicate parameter 'hidden'\n  model m { layer lstm(hidden=4, hidden=8) }\n                                 ^~~~~~\n  hint: it was already given at 1:22\n"},
            {"model m { embed 4 }\ntrain m on c.txt lr=0",
             "t.seq:2:21: error: lr must be a number greater than 0, not 0\n  train m on c.txt lr=0\n                      ^\n"},
            {"model m { embed 4 }\ntrain m on c.txt optimizer=adamm",
             "t.seq:2:28: error: optimizer must be one of sgd, adam, adamw, rmsprop, not adamm\n  train m on c.txt optimizer=adamm\n                             ^~~~~\n  hint: did you mean 'adam'?\n"},
            {"model m { embed 4 }\nsample 5 temperature=0",
             "t.seq:2:22: error: temperature must be a number greater than 0, not 0\n  sample 5 temperature=0\n                       ^\n"},
            {"model m { embed 4 }\nsample 5 top_p=1.5",
             "t.seq:2:16: error: top_p must be a number greater than 0, at most 1, not 1.5\n  sample 5 top_p=1.5\n                 ^~~\n"},
            {"corpus c = \"c.txt\" split=1",
             "t.seq:1:26: error: split must be a number between 0 and 1 (not 0, not 1), not 1\n  corpus c = \"c.txt\" split=1\n                           ^\n"},
            {"model m { attention heads=0 }",
             "t.seq:1:27: error: heads must be a positive whole number, not 0\n  model m { attention heads=0 }\n                            ^\n"},
            {"sample 10",
             "t.seq:1:1: error: sample needs a model, and none is defined yet\n  sample 10\n  ^~~~~~\n  hint: define one first: model lm { embed 64; layer lstm(hidden=128); output softmax }\n"},
            {"model m { embed 4 }\ntrain mm on c.txt",
             "t.seq:2:7: error: undefined model 'mm'\n  train mm on c.txt\n        ^~\n  hint: did you mean 'm'?\n"},
            {"model m { embed 4 }\ncorpus text = \"t.txt\"\ntrain m on txet",
             "t.seq:3:12: error: undefined data 'txet'\n  train m on txet\n             ^~~~\n  hint: did you mean 'text'?\n"},
            {"model t(h=4) { layer lstm(hidden=h) }\nmodel b = t(hh=8)",
             "t.seq:2:13: error: template 't' has no parameter 'hh'\n  model b = t(hh=8)\n              ^~\n  hint: did you mean 'h'?\n"},
            {"model b = nothing(h=8)",
             "t.seq:1:11: error: undefined model or template 'nothing'\n  model b = nothing(h=8)\n            ^~~~~~~\n"},
            {"model t(h=4) { layer lstm(hidden=h) }\ntrain t on c.txt",
             "t.seq:2:7: error: 't' is a template; make a model from it first\n  train t on c.txt\n        ^\n  hint: e.g. model m = t()\n"},
            {"stop",
             "t.seq:1:1: error: 'stop' only works in a train block's rule\n  stop\n  ^~~~\n  hint: e.g. when val_loss < 1.6: stop\n"},
            {"model m { embed 4 }\ninspect gatse on \"x\"",
             "t.seq:2:9: error: unknown inspection 'gatse'\n  inspect gatse on \"x\"\n          ^~~~~\n  hint: did you mean 'gates'?\n"},
            {"model m { embed 4 }\ninspect gates on \"x\" to \"x.jpg\"",
             "t.seq:2:25: error: cannot write a picture as 'x.jpg'\n  inspect gates on \"x\" to \"x.jpg\"\n                          ^~~~~~~\n  hint: use a .png, .svg or .html file name\n"},
            {"model m { embed 4 }\ninspect hidden",
             "t.seq:2:1: error: inspect needs a text: on \"...\"\n  inspect hidden\n  ^~~~~~~\n  hint: e.g. inspect hidden layer=1 on \"the boy ate the fish\"\n"},
            {"task copi length=3",
             "t.seq:1:6: error: unknown task 'copi'\n  task copi length=3\n       ^~~~\n  hint: did you mean 'copy'?\n"},
            {"task copy length=5 min_length=2",
             "t.seq:1:20: error: unknown parameter 'min_length' for 'task copy'\n  task copy length=5 min_length=2\n                     ^~~~~~~~~~\n  hint: it takes length, symbols, samples, split, seed\n"},
            {"corpus c tokens=char",
             "t.seq:1:8: error: corpus 'c' needs a file\n  corpus c tokens=char\n         ^\n  hint: e.g. corpus c = \"c.txt\"  (built-in corpora: elman, bank, recall)\n"},
            {"model m { embed 4 }\ntrain m epochs=1",
             "t.seq:2:1: error: train needs data: 'on' and a data name or file\n  train m epochs=1\n  ^~~~~\n  hint: e.g. train lm on shakespeare\n"},
            {"model m { embed 4 }\ntrain m on c.txt epochs=1 steps=3",
             "t.seq:2:27: error: give epochs= or steps=, not both\n  train m on c.txt epochs=1 steps=3\n                            ^~~~~\n"},
            {"model m { embed 4 }\nevaluate m on c.txt from \"x\"",
             "t.seq:2:21: error: 'evaluate' takes no 'from ...'\n  evaluate m on c.txt from \"x\"\n                      ^~~~\n"},
            {"model m { encoder { embed 4 } }",
             "t.seq:1:11: error: an encoder-decoder model needs both an 'encoder' and a 'decoder' part\n  model m { encoder { embed 4 } }\n            ^~~~~~~~~~~~~~~~~~~\n"},
            {"model m { embed 4; attention over=encoder }",
             "t.seq:1:30: error: attention over=encoder only works inside a decoder\n  model m { embed 4; attention over=encoder }\n                               ^~~~\n"},
            {"model m { repeat 0 { embed 4 } }",
             "t.seq:1:18: error: repeat needs a positive whole number, not 0\n  model m { repeat 0 { embed 4 } }\n                   ^\n"},
            {"model m { }",
             "t.seq:1:7: error: model 'm' has no layers\n  model m { }\n        ^\n  hint: e.g. model m { embed 64; layer lstm(hidden=128); output softmax }\n"},
            {"set",
             "t.seq:1:1: error: set needs a setting\n  set\n  ^~~\n  hint: e.g. set seed=42\n"},
            {"model m { embed 4 }\nplot losss",
             "t.seq:2:6: error: unknown plot 'losss'\n  plot losss\n       ^~~~~\n  hint: did you mean 'loss'?\n"},
            {"model m { embed 4 }\nsample 5 from ROMEO",
             "t.seq:2:15: error: expected a string after 'from', not ROMEO\n  sample 5 from ROMEO\n                ^~~~~\n  hint: put the text in quotes: \"ROMEO\"\n"},
            {"model m { embed 4 }\nexport onnx \"m.onnx\"",
             "t.seq:2:8: error: unknown export format 'onnx'\n  export onnx \"m.onnx\"\n         ^~~~\n  hint: one of pytorch\n"},
            {"model m { embed 4 }\ntrain m on 42",
             "t.seq:2:12: error: expected a data name or a file after 'on', not 42\n  train m on 42\n             ^~\n"},
            {"model m { embed 4 }\ntrain m on c.txt { every 10 steps: model q { embed 4 } }",
             "t.seq:2:36: error: 'model' cannot run inside a training rule\n  train m on c.txt { every 10 steps: model q { embed 4 } }\n                                     ^~~~~~~~~~~~~~~~~~~\n  hint: rules may run: analogy, evaluate, inspect, plot, sample, save, similarity, stop, summary, translate\n"},
            {"model m = char_lstm hidden",
             "t.seq:1:21: error: unexpected 'hidden'; expected the end of the statement\n  model m = char_lstm hidden\n                      ^~~~~~\n  hint: end the statement before this (a new line or ';'), or join the words with '=' or ','\n"}
    };

    @TestFactory
    Stream<DynamicTest> exactTexts() {
        return Stream.of(CASES).map(c -> DynamicTest.dynamicTest(c[0].replace("\n", " / "), () -> {
            Interpreter interp = new Interpreter(Engine.NONE, new PrintStream(OutputStream.nullOutputStream()));
            DiagnosticException e = org.junit.jupiter.api.Assertions.assertThrows(DiagnosticException.class,
                    () -> interp.check("t.seq", c[0]));
            assertEquals(c[1], DiagnosticFormatter.format(e.diagnostics().get(0)));
        }));
    }

    @Test
    void atLeastThirtyDistinctMessages() {
        Set<String> headlines = new HashSet<>();
        for (String[] c : CASES) {
            headlines.add(c[1].lines().findFirst().orElseThrow().replaceAll("'[^']*'", "Q"));
        }
        assertTrue(headlines.size() >= 30, "only " + headlines.size() + " distinct messages");
    }
}
