package org.seqlab.fuzz;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.lang.run.Interpreter;
import org.seqlab.lang.run.TensorEngine;

/** The real checkpoints the checkpoint fuzz starts from: a language model and an encoder-decoder, each saved after two steps. */
final class Bases {

    private static final String LM = """
            set seed=7
            corpus elman sentences=60 seed=3
            model m {
              embed 4
              layer lstm(hidden=6)
              output softmax
            }
            train m on elman steps=2 batch=2 seq=4 validate=1000
            save "%s"
            """;
    private static final String TRANSLATOR = """
            set seed=3
            task reverse length=3 symbols=3 samples=20 seed=5
            model t {
              encoder { embed 4; layer gru(hidden=5) }
              decoder { embed 4; dropout 0.2; layer gru(hidden=5); attention over=encoder kind=dot; output softmax }
            }
            train t on reverse steps=2 batch=4 validate=1000
            save "%s"
            """;

    private Bases() {
    }

    static List<byte[]> make(TensorEngine engine, Path dir) throws IOException {
        List<byte[]> out = new ArrayList<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int i = 0;
        for (String script : List.of(LM, TRANSLATOR)) {
            Path file = dir.resolve("base" + i++ + ".safetensors");
            new Interpreter(engine, quiet).run("fuzz-base.seq", String.format(script, file.toString().replace("\\", "/")));
            out.add(Files.readAllBytes(file));
        }
        return out;
    }
}
