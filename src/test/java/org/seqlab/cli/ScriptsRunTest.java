package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quickstart and every teaching script under scripts/ run to the end, not only check: the same statements on
 * small settings (a few steps, a few hundred sentences or samples, a small text standing in for
 * tinyshakespeare.txt, files written to a temporary folder). Each must exit 0 with nothing on stderr, finish
 * every train statement, and print what its other statements promise.
 */
class ScriptsRunTest {
    private static final int STEPS = 6;

    static Stream<String> scripts() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("scripts"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seq")).sorted().toList();
            assertTrue(names.contains("quickstart.seq") && names.size() >= 8, names.toString());
            return names.stream();
        }
    }

    /** The script with small settings: the statements are unchanged, only their sizes and file paths. */
    static String small(String text, Path dir) {
        return text.replaceAll("\\bepochs=\\d+", "steps=" + STEPS)
                .replaceAll("\\bsteps=\\d+", "steps=" + STEPS)
                .replaceAll("\\bevery \\d+ steps", "every 3 steps")
                .replaceAll("\\bvalidate=\\d+", "validate=3")
                .replaceAll("\\bwarmup=\\d+", "warmup=2")
                .replaceAll("\\bsentences=\\d+", "sentences=300")
                .replaceAll("\\bsamples=\\d+", "samples=200")
                .replaceAll("\\bmax=10 ", "max=6 ")
                .replaceAll("\\bbatch=\\d+", "batch=8")
                .replaceAll("\\bsample \\d+ ", "sample 20 ")
                .replace("\"/tmp/seqlab-quickstart.safetensors\"", "\"" + dir.resolve("quickstart.safetensors") + "\"")
                .replace("\"runs/", "\"" + dir.resolve("runs") + "/");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runsToTheEnd(String name, @TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("scripts", name));
        // A small stand-in for tinyshakespeare.txt: enough text for a char vocabulary with "ROMEO:" in it.
        Files.writeString(dir.resolve("tinyshakespeare.txt"),
                "ROMEO:\nBut soft, what light through yonder window breaks?\nJULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n\n".repeat(40));
        Path script = dir.resolve(name);
        Files.writeString(script, small(text, dir));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {script.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8), e = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, name + "\n" + e + "\n" + o);
        assertFalse(e.lines().anyMatch(l -> l.contains("error")), name + ": " + e);
        long trains = count(text, "(?m)^train "), evaluates = count(text, "(?m)^evaluate "), saves = count(text, "(?m)^save ");
        assertEquals(trains, count(o, "(?m)^done: " + STEPS + " steps"), name + ": every train statement finishes\n" + o);
        assertTrue(count(o, "(?m)^\\s*loss\\s") + count(o, "exact-sequence accuracy") >= evaluates, name + ": evaluate prints its loss\n" + o);
        assertEquals(saves, count(o, "(?m)^saved "), name + ": save writes\n" + o);
        if (text.contains("\nsummary")) assertTrue(o.contains("total parameters"), name + ": summary\n" + o);
        if (text.contains("\ninspect attention")) assertTrue(o.contains("attention"), name + "\n" + o);
        if (text.contains("\ninspect words")) assertTrue(o.contains("nearest words by mean hidden state"), name + "\n" + o);
        if (text.contains("\ninspect gates")) assertTrue(o.contains("forget"), name + "\n" + o);
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }
}
